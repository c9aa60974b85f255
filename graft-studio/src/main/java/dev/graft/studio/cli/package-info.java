/** {@code graft studio}: the command that starts the Studio, registered with the graft CLI as a plugin. */
package dev.graft.studio.cli;
