/**
 * Where weights come from: {@link dev.graft.hub.WeightSource} turns a spec (local path, URL,
 * {@code hf://org/repo}, or a registry tag through {@link dev.graft.hub.TagResolver}) into a local
 * file, downloading into a cache with resume, sha256 verification, proxy and mirror support, and
 * progress reported to a {@link dev.graft.hub.ProgressListener}. Reading the file is the job of
 * {@code dev.graft.weights}.
 */
package dev.graft.hub;
