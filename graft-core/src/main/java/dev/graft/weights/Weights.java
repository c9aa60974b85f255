package dev.graft.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;

/**
 * Loads a state dict from any weights file Graft reads, choosing the reader from the file's
 * content (its name only breaks ties): safetensors, a sharded checkpoint's {@code *.index.json},
 * PyTorch {@code .pth/.pt/.bin} (zip or legacy), or a folder holding one of these under its
 * Hugging Face name. Anything else is refused with what it looks like and what to do instead.
 */
public final class Weights {
    /** File names looked for, in this order, when {@link #load} is given a folder. */
    static final List<String> FOLDER_NAMES = List.of("model.safetensors.index.json", "model.safetensors",
            "pytorch_model.bin.index.json", "pytorch_model.bin");

    private Weights() {}

    /** The formats {@link #load} reads. */
    public enum Format { SAFETENSORS, SHARD_INDEX, PYTORCH_ZIP, PYTORCH_LEGACY }

    /** Reads every tensor of a weights file or folder into one state dict, within the default limits. */
    public static StateDict load(Path path) {
        return load(path, WeightLimits.fromEnvironment());
    }

    /**
     * Reads every tensor of a weights file or folder into one state dict, within {@code limits}.
     * Whatever the file holds, the outcome is a state dict or a {@link WeightsException} naming the
     * file: a stack overflow or an exhausted heap while parsing becomes one, too.
     */
    public static StateDict load(Path path, WeightLimits limits) {
        Path file = Files.isDirectory(path) ? inFolder(path) : path;
        return Shapes.guard(file, () -> switch (detect(file)) {
            case SAFETENSORS -> Safetensors.read(file, limits);
            case SHARD_INDEX -> ShardIndex.read(file, limits);
            case PYTORCH_ZIP, PYTORCH_LEGACY -> PthReader.read(file, limits);
        });
    }

    /** The format of a file by its content; throws naming the file when no reader fits. */
    public static Format detect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightsException(file + ": no such file; check the path (a folder must hold one of "
                    + FOLDER_NAMES + ")");
        }
        byte[] h = head(file, 16);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (h.length >= 4 && h[0] == 'P' && h[1] == 'K' && h[2] == 3 && h[3] == 4) {
            return zipFormat(file);
        }
        if (h.length >= 8 && (h[0] & 0xff) == 0x89 && h[1] == 'H' && h[2] == 'D' && h[3] == 'F') {
            throw new WeightsException(file + ": a Keras/HDF5 (.h5) file, which Graft does not read; "
                    + "export the weights to safetensors or load the model in PyTorch and torch.save its state_dict");
        }
        // safetensors first: its little-endian header length may well start with byte 0x80
        if (h.length >= 9 && h[8] == '{' && h[5] == 0 && h[6] == 0 && h[7] == 0) {
            return Format.SAFETENSORS; // u64 header length far below 2^40, then the JSON header
        }
        if (h.length >= 2 && (h[0] & 0xff) == 0x80 && h[1] >= 2 && h[1] <= 5) {
            return Format.PYTORCH_LEGACY; // pickle PROTO opcode, protocols 2 to 5
        }
        if (name.endsWith(".json") && size(file) <= ShardIndex.MAX_INDEX_BYTES) {
            String text = readText(file);
            if (text.contains("\"weight_map\"")) {
                return Format.SHARD_INDEX;
            }
            if (text.contains("\"weightsManifest\"")) {
                throw new WeightsException(file + ": a TensorFlow.js model.json, which Weights.load does not "
                        + "read; convert it to safetensors, or use Graft's Keras/TF.js import");
            }
        }
        if (name.endsWith(".onnx")) {
            throw new WeightsException(file + ": an ONNX model, not a state dict; Weights.load reads "
                    + "safetensors and torch.save checkpoints");
        }
        throw new WeightsException(file + ": unknown weights format; Graft reads safetensors, sharded "
                + "*.index.json, and PyTorch .pth/.pt/.bin state dicts saved with torch.save");
    }

    private static Format zipFormat(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean pickle = false;
            boolean script = false;
            boolean keras = false;
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                String n = entries.nextElement().getName();
                pickle |= n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - 9;
                script |= n.endsWith("/constants.pkl") || n.contains("/code/");
                keras |= n.equals("model.weights.h5") || n.equals("config.json");
            }
            if (script) {
                throw PthReader.torchScript(file);
            }
            if (pickle) {
                return Format.PYTORCH_ZIP;
            }
            if (keras) {
                throw new WeightsException(file + ": a Keras 3 (.keras) archive, which Graft does not read; "
                        + "export the weights to safetensors");
            }
            throw new WeightsException(file + ": a zip archive, but not a torch.save checkpoint (no <name>/data.pkl)");
        } catch (IOException e) {
            throw new WeightsException(file + ": looks like a zip but cannot be opened (" + e.getMessage()
                    + "); the file is truncated or corrupt, re-download it", e);
        }
    }

    private static Path inFolder(Path dir) {
        for (String candidate : FOLDER_NAMES) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new WeightsException(dir + ": a folder without weights; expected one of " + FOLDER_NAMES);
    }

    /** Up to {@code n} leading bytes of a file; fewer if it is shorter. */
    static byte[] head(Path file, int n) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
