/**
 * Where weights come from: {@link dev.graft.hub.WeightSource} turns a spec (local path, URL,
 * {@code hf://org/repo}, or a registry tag through {@link dev.graft.hub.TagResolver}) into a local
 * file, downloading into a cache with resume, sha256 verification, proxy and mirror support, and
 * progress reported to a {@link dev.graft.hub.ProgressListener}. Servers are untrusted: connect,
 * header and read-stall timeouts, a size cap for bodies without a length, nothing half-written kept,
 * and URLs found in files (a shard index's entries) only to hosts {@link dev.graft.hub.HostPolicy}
 * allows. Reading the file is the job of {@code dev.graft.weights}.
 */
package dev.graft.hub;
