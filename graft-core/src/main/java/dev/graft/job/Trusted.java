package dev.graft.job;

import java.nio.file.Path;

/**
 * Files the user names on the command line for a run folder's sake. A run folder's own metadata
 * never makes Graft open a file or address outside the folder, except a registry tag or the hub
 * (pinned to the recorded sha256); anything else must be named here, and is then checked against
 * the sha256 the run recorded. See {@code docs/SECURITY.md}.
 *
 * @param base the base weights of a parameter-efficient run ({@code --base}), or on
 *     {@code --resume} the weights the run started from ({@code --weights}): a file, URL or tag;
 *     null for what the run recorded
 * @param torchscript the TorchScript program of a run whose architecture was cut from one
 *     ({@code --torchscript}); loading such a run runs that program; null for none
 */
public record Trusted(String base, Path torchscript) {
    /** Nothing named: only what the run folder holds, registry tags and the hub. */
    public static final Trusted NONE = new Trusted(null, null);

    /** Only base weights named. */
    public static Trusted base(String base) {
        return new Trusted(base, null);
    }
}
