/**
 * Files written safely and identified: atomic writes that never leave a half-written file
 * ({@code AtomicFiles}), and sha256 checksums for provenance and downloads ({@code Hashing}). Run
 * folders, studies, checkpoints, downloads and generator runs all write through here.
 */
package dev.graft.io;
