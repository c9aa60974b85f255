/**
 * Graft Studio, a local web app for transfer learning: {@link dev.graft.studio.Studio} starts it.
 * Packages: {@code project} (workspace, projects, images on disk), {@code ingest} (uploads and
 * imports, checked), {@code jobs} (the one-at-a-time queue), {@code results} (runs: training,
 * review, try-it, export, comparison), {@code web} (HTTP routes and the guard), {@code cli}
 * ({@code graft studio}).
 */
package dev.graft.studio;
