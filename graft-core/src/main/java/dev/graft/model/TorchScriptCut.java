package dev.graft.model;

import dev.graft.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Cuts the classifier off a TorchScript file by rewriting the archive: the classifier module's
 * {@code forward} becomes {@code return input}, so the whole module returns what the classifier
 * received. DJL cannot call a submodule or change a loaded module, but a TorchScript archive
 * holds each module type's code as text ({@code code/__torch__/…py}), compiled when loaded.
 *
 * <p>The classifier's type is found from the root type (the first class in {@code data.pkl}) by
 * following attribute annotations along the module path. The rewrite refuses when that type is
 * shared with another module (possible in {@code torch.jit.script} output, where identical
 * submodules share a type), since the other module would stop computing too; {@code
 * torch.jit.trace} gives each module its own type. The classifier's parameters stay in the
 * file, unused.
 */
final class TorchScriptCut {
    private static final Pattern GLOBAL = Pattern.compile("^\\x80\\x02c([^\\n]+)\\n([^\\n]+)\\n");

    private final Path file;
    private final Map<String, byte[]> code = new LinkedHashMap<>();
    private String prefix;
    private String rootType;

    private TorchScriptCut(Path file) {
        this.file = file;
    }

    /**
     * Writes {@code outDir/model.pt}: {@code file} with {@code classifier}'s forward made the
     * identity.
     */
    static Path cut(Path file, String classifier, Path outDir) {
        TorchScriptCut c = new TorchScriptCut(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            c.read(zip);
            String type = c.typeAt(classifier);
            String codeName = c.codeFile(type);
            String source = new String(c.code.get(codeName), StandardCharsets.UTF_8);
            String rewritten = c.identityForward(source, simpleName(type), type, classifier);
            Path out = outDir.resolve("model.pt");
            c.write(zip, out, codeName, rewritten.getBytes(StandardCharsets.UTF_8));
            return out;
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read as a TorchScript archive (" + e.getMessage()
                    + "); give a file saved with torch.jit.save", e);
        }
    }

    private void read(ZipFile zip) throws IOException {
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
            ZipEntry e = en.nextElement();
            String name = e.getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                prefix = name.substring(0, name.length() - "data.pkl".length());
                try (InputStream in = zip.getInputStream(e)) {
                    rootType = rootType(in.readNBytes(4096));
                }
            } else if (name.contains("/code/") && name.endsWith(".py")) {
                try (InputStream in = zip.getInputStream(e)) {
                    code.put(name, in.readAllBytes());
                }
            }
        }
        if (prefix == null || rootType == null) {
            throw new WeightsException(file + ": not a TorchScript archive (no data.pkl with a module); save the "
                    + "model with torch.jit.save(torch.jit.trace(model, example), path)");
        }
    }

    /** The qualified type of the pickled root object: data.pkl starts with PROTO 2, GLOBAL module\nname\n. */
    private String rootType(byte[] head) {
        Matcher m = GLOBAL.matcher(new String(head, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            throw new WeightsException(file + ": data.pkl does not start with a module type; is this a "
                    + "TorchScript module rather than a state dict saved with torch.save?");
        }
        return m.group(1) + "." + m.group(2);
    }

    /** The qualified type of the module at a dotted path, following attribute annotations. */
    private String typeAt(String path) {
        String type = rootType;
        String walked = "";
        for (String part : path.split("\\.")) {
            String body = classBody(type);
            Matcher m = Pattern.compile("(?m)^  (?:" + Pattern.quote(part) + " :|__annotations__\\[\""
                    + Pattern.quote(part) + "\"\\] =) (__torch__\\.[\\w.]+)$").matcher(body);
            if (!m.find()) {
                throw new WeightsException(file + ": module '" + (walked.isEmpty() ? "" : walked + ".") + part
                        + "' not found; give the classifier as a dotted module path such as fc or classifier.6");
            }
            type = m.group(1);
            walked = walked.isEmpty() ? part : walked + "." + part;
        }
        int uses = 0;
        Pattern use = Pattern.compile("(?m)^  (?:\\w+ :|__annotations__\\[\"[^\"]+\"\\] =) " + Pattern.quote(type) + "$");
        for (byte[] src : code.values()) {
            Matcher m = use.matcher(new String(src, StandardCharsets.UTF_8));
            while (m.find()) {
                uses++;
            }
        }
        if (uses > 1) {
            throw new WeightsException(file + ": the type of '" + path + "' is shared by " + uses + " modules, so "
                    + "cutting it would cut them all; export with torch.jit.trace, which gives each module its own type");
        }
        return type;
    }

    private String codeFile(String type) {
        String module = type.substring(0, type.lastIndexOf('.'));
        String name = prefix + "code/" + module.replace('.', '/') + ".py";
        if (!code.containsKey(name)) {
            throw new WeightsException(file + ": no code for module type " + type + " (expected " + name + ")");
        }
        return name;
    }

    private String classBody(String type) {
        String src = new String(code.get(codeFile(type)), StandardCharsets.UTF_8);
        return classBlock(src, simpleName(type), type)[1];
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** Text before, of, and after {@code class name(...)} in a code file: a block ends at the next unindented line. */
    private String[] classBlock(String src, String name, String type) {
        Matcher m = Pattern.compile("(?m)^class " + Pattern.quote(name) + "\\(").matcher(src);
        if (!m.find()) {
            throw new WeightsException(file + ": no class for module type " + type);
        }
        Matcher next = Pattern.compile("(?m)^\\S").matcher(src);
        int end = next.find(m.end()) ? next.start() : src.length();
        return new String[] {src.substring(0, m.start()), src.substring(m.start(), end), src.substring(end)};
    }

    /** The code file with the class's forward body replaced by {@code return <its tensor argument>}. */
    private String identityForward(String src, String name, String type, String classifier) {
        String[] parts = classBlock(src, name, type);
        Matcher def = Pattern.compile("(?m)^  def forward\\(self: [\\w.]+,\\s*(\\w+): Tensor\\) -> Tensor:\\n")
                .matcher(parts[1]);
        if (!def.find()) {
            throw new WeightsException(file + ": '" + classifier + "' has no forward(Tensor) -> Tensor to cut; "
                    + "give the module whose output is the class scores");
        }
        // the body is every following line indented by four spaces or more
        Matcher next = Pattern.compile("(?m)^ {0,3}\\S").matcher(parts[1]);
        int end = next.find(def.end()) ? next.start() : parts[1].length();
        return parts[0] + parts[1].substring(0, def.end()) + "    return " + def.group(1) + "\n"
                + parts[1].substring(end) + parts[2];
    }

    /** Copies the archive with one code file replaced and its debug record dropped, every entry stored. */
    private void write(ZipFile zip, Path out, String codeName, byte[] newCode) throws IOException {
        try (OutputStream os = Files.newOutputStream(out); ZipOutputStream zos = new ZipOutputStream(os)) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (name.equals(codeName + ".debug_pkl")) {
                    continue; // source ranges of the old text
                }
                ZipEntry o = new ZipEntry(name);
                o.setMethod(ZipEntry.STORED);
                if (name.equals(codeName)) {
                    CRC32 crc = new CRC32();
                    crc.update(newCode);
                    o.setSize(newCode.length);
                    o.setCompressedSize(newCode.length);
                    o.setCrc(crc.getValue());
                    zos.putNextEntry(o);
                    zos.write(newCode);
                } else {
                    o.setSize(e.getSize());
                    o.setCompressedSize(e.getSize());
                    o.setCrc(e.getCrc());
                    zos.putNextEntry(o);
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(zos);
                    }
                }
                zos.closeEntry();
            }
        }
    }
}
