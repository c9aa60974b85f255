/**
 * Images coming in: uploads, zips of class folders, folders on this machine. Types are sniffed
 * from content, sizes and declared pixel counts are limited before decoding, zip entries that
 * climb out of their folder or declare too much refuse the zip, and a bad file is refused alone.
 */
package dev.graft.studio.ingest;
