package dev.graft.pretrain.ssl;

import dev.graft.data.DataConfig;

/**
 * A self-supervised pretraining run, as {@code graft pretrain --ssl simclr} asks for it.
 *
 * @param method the SSL method; only {@code simclr}
 * @param data the unlabeled images: a folder, {@code fashion-mnist} or {@code synthetic:…}; labels,
 *     when the data has them, are read only by the monitors
 * @param arch architecture name
 * @param weights weights to start from (file or tag), or null for random ones; synthetic
 *     pretraining followed by SSL starts from the synthetic run's model
 * @param ssl SimCLR's settings
 * @param out the run folder, as a path
 * @param force replace a run already in {@code out}
 * @param threads libtorch and image-decoding threads
 * @param checkpointEvery checkpoint every this many steps too (0 = at epoch ends only)
 */
public record SslRequest(String method, DataConfig data, String arch, String weights, SslConfig ssl, String out,
        boolean force, int threads, int checkpointEvery) {
    public SslRequest {
        if (!"simclr".equals(method)) {
            throw new IllegalArgumentException("unknown `ssl` '" + method + "': use simclr");
        }
    }
}
