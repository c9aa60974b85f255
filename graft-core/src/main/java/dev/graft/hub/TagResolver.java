package dev.graft.hub;

import java.util.Optional;

/**
 * Maps a registry tag such as {@code resnet18.fashion} to the file that holds its weights. The
 * model registry implements this; {@link WeightSource} asks it about any spec that is neither a
 * path, a URL nor an {@code hf://} address.
 */
@FunctionalInterface
public interface TagResolver {
    /** A resolver that knows no tags. */
    TagResolver NONE = tag -> Optional.empty();

    /** The file for a tag (with its sha256 where the registry pins one), or empty if unknown. */
    Optional<RemoteFile> resolve(String tag);
}
