package dev.graft.job;

import dev.graft.model.Architectures;
import dev.graft.model.Pretrained;
import dev.graft.model.PretrainedSpecs;
import dev.graft.model.TorchScriptNetwork;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.io.Hashing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place where names read from a run folder ({@code graft.json}, {@code request.json})
 * become things Graft loads. The folder is untrusted: an architecture name may only be a
 * registered one (a TorchScript one is a program and needs the user's {@code torchscript} file,
 * checked by sha256); weights outside the folder come only from a registry tag, from the hub pinned
 * to the recorded sha256, or from what the user names; the model file must be one of the folder's
 * own names and have the sha256 {@code graft.json} records.
 */
final class RunInputs {
    /** The classifier path after {@code #}: dotted module names, nothing else. */
    private static final String MODULE_PATH = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*";

    private RunInputs() {}

    /**
     * The architecture to build for one a run recorded.
     *
     * @param recordedSha the recorded sha256 of the TorchScript program, if the run has one
     * @param userScript the program the user named, or null
     * @param file the metadata file, for messages
     */
    static String arch(String recorded, String recordedSha, Path userScript, Path file) {
        if (recorded == null || !Architectures.isResolved(recorded)) {
            Architectures.registered(recorded, file.toString());
            if (userScript != null) {
                throw new IllegalArgumentException("`torchscript` " + userScript + ": " + file + " names the built-in "
                        + "architecture " + recorded + ", which needs no program; drop `torchscript`");
            }
            return recorded;
        }
        int hash = recorded.lastIndexOf('#');
        String classifier = hash < 0 ? "" : recorded.substring(hash + 1);
        if (!recorded.startsWith(TorchScriptNetwork.PREFIX) || !classifier.matches(MODULE_PATH)) {
            Architectures.registered(recorded, file.toString()); // throws, naming the name
        }
        String program = recorded.substring(TorchScriptNetwork.PREFIX.length(), hash);
        if (userScript == null) {
            throw new RunException(file + ": its architecture is cut from the TorchScript program " + program
                    + ", and loading it runs that program; Graft does so only for a file you name: add `torchscript` "
                    + "FILE" + (recordedSha == null ? "" : " (sha256 " + recordedSha + ")"));
        }
        if (recordedSha == null) {
            throw new RunException(file + ": records no sha256 of its TorchScript program, so `torchscript` "
                    + userScript + " cannot be checked against it; train the run again with this Graft");
        }
        String actual = sha256(userScript);
        if (!actual.equals(recordedSha)) {
            throw new RunException("`torchscript` " + userScript + ": sha256 " + actual + " differs from the "
                    + recordedSha + " that " + file + " records; give the program the run was trained with");
        }
        return TorchScriptNetwork.PREFIX + userScript.toAbsolutePath().normalize() + "#" + classifier;
    }

    /**
     * Weights a run folder names as its base (or, on resume, its starting weights): the user's
     * {@code userBase} when given, else a registry tag, else a hub file pinned to
     * {@code recordedSha}; anything else is refused with the setting that names it. The result's
     * sha256 is checked against {@code recordedSha} when the run recorded one.
     */
    static Pretrained.Resolved weights(String recorded, String recordedSha, String userBase, Path file, String flag) {
        Pretrained.Resolved w;
        String source;
        if (userBase != null) {
            source = userBase;
            w = resolve(userBase, file, flag);
        } else if (recorded != null && PretrainedSpecs.find(recorded).isPresent()) {
            source = recorded;
            w = resolve(recorded, file, flag);
        } else if (recorded != null && recordedSha != null && onHub(recorded)) {
            String bare = recorded.contains("#") ? recorded.substring(0, recorded.indexOf('#')) : recorded;
            source = recorded;
            Pretrained.Resolved pinned = resolve(bare + "#sha256=" + recordedSha, file, flag);
            w = new Pretrained.Resolved(pinned.dict(), bare, pinned.sha256(), null);
        } else {
            throw new RunException(file + ": names the weights " + recorded + (recordedSha == null ? ""
                    : " (sha256 " + recordedSha + ")") + "; Graft opens a file or address a run folder names only "
                    + "when it is a registry tag or on the hub, so name it yourself: add `" + flag + "` FILE|TAG");
        }
        if (recordedSha != null && !recordedSha.equals(w.sha256())) {
            throw new RunException(file + ": the run started from weights with sha256 " + recordedSha + " ("
                    + recorded + "), but " + source + " has sha256 " + w.sha256() + "; give the original weights with `"
                    + flag + "` FILE|TAG");
        }
        return w;
    }

    private static Pretrained.Resolved resolve(String spec, Path file, String flag) {
        try {
            return Pretrained.resolve(spec);
        } catch (RuntimeException e) {
            throw new RunException(file.getParent() + ": cannot load its weights " + spec + " (" + e.getMessage()
                    + "); give them with `" + flag + "` FILE|TAG");
        }
    }

    /** An {@code hf://} address or an http(s) URL on the Hugging Face hub (which GRAFT_HUB_URL mirrors). */
    static boolean onHub(String spec) {
        String lower = spec.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("hf://")) {
            return true;
        }
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            return false;
        }
        try {
            String host = URI.create(spec.trim().split("#", 2)[0]).getHost();
            return host != null && host.equalsIgnoreCase(dev.graft.hub.WeightSource.HUGGING_FACE.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The run's weights file, checked: one of the folder's own names (no path), a regular file,
     * with the sha256 {@code graft.json} records.
     */
    static Path modelFile(RunDir dir, RunInfo info) {
        RunInfo.FileRef ref = info.model();
        String expected = info.peft() == null ? RunDir.MODEL : RunDir.ADAPTERS;
        if (ref == null || !expected.equals(ref.file())) {
            throw new RunException(dir.info() + ": its model must be the folder's own " + expected + ", but it names "
                    + (ref == null ? "none" : "'" + ref.file() + "'") + "; the run folder is damaged or not Graft's");
        }
        Path f = dir.dir().resolve(expected);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new RunException(f + ": missing, or not a regular file; the run did not save a model");
        }
        if (ref.sha256() == null) {
            throw new RunException(dir.info() + ": records no sha256 for " + expected + "; the run folder is damaged");
        }
        String actual = sha256(f);
        if (!actual.equals(ref.sha256())) {
            throw new RunException(f + ": sha256 " + actual + " differs from the " + ref.sha256() + " graft.json "
                    + "records; the file changed after the run was written (an interrupted `resume` leaves it so: "
                    + "finish it with `resume` " + dir.dir() + ")");
        }
        return f;
    }

    static String sha256(Path file) {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new RunException(file + ": cannot read (" + dev.graft.io.AtomicFiles.reason(e) + ")");
        }
    }

    /** The sha256 of the TorchScript program an architecture name is cut from, or null for other names. */
    static String scriptSha(String arch) {
        if (arch == null || !arch.startsWith(TorchScriptNetwork.PREFIX) || arch.lastIndexOf('#') < 0) {
            return null;
        }
        return sha256(Path.of(arch.substring(TorchScriptNetwork.PREFIX.length(), arch.lastIndexOf('#'))));
    }
}
