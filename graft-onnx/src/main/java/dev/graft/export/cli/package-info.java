/** {@code graft export}, registered by graft-cli's plugin list when this module is on the classpath. */
package dev.graft.export.cli;
