/**
 * The workspace and what lives in it: projects ({@code project.json}) and their images, one
 * folder per class. Every name is checked by {@link dev.graft.studio.project.Names} and every
 * written path by {@link dev.graft.studio.project.Workspace#checked}.
 */
package dev.graft.studio.project;
