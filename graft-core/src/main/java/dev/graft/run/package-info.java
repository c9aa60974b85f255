/** Run folders: the saved model, its provenance ({@code graft.json}) and per-epoch metrics. */
package dev.graft.run;
