package dev.graft.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Images listed in a CSV file of {@code path,label} rows, the layout many labelling tools export.
 * Relative paths resolve against the CSV's folder, so the file and its images move together. An
 * optional first row {@code path,label} is a header; blank lines are ignored; a field may be
 * double-quoted (with {@code ""} for a quote) to hold commas. A row that cannot be used (wrong
 * number of fields, empty path or label, a file that does not exist) is an error naming the file
 * and line; a file that exists but does not decode is skipped, counted and listed, as in
 * {@link FolderImages}.
 */
public final class CsvImages extends FileImages {
    private final Path csv;
    private final List<Integer> lines;

    private CsvImages(Path csv, List<Path> files, List<Integer> lines, int[] labelIds, List<String> labels,
            List<String> skipped, ImageLimits limits) {
        super(csv.toAbsolutePath().getParent(), csv.toString(), files, labelIds, labels, skipped, limits);
        this.csv = csv;
        this.lines = lines;
    }

    /** Whether {@code data} names a CSV file rather than a folder. */
    public static boolean isCsv(Path data) {
        return data.getFileName() != null && data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                && !Files.isDirectory(data);
    }

    /** Reads and validates a CSV file within the default {@link ImageLimits}. */
    public static CsvImages open(Path csv, List<String> expectedLabels, int threads) {
        return open(csv, expectedLabels, threads, ImageLimits.fromEnvironment());
    }

    /**
     * Reads and validates a CSV file; every listed image is decoded once, in parallel, and images past
     * {@code limits} are skipped and counted like corrupt ones.
     *
     * @param expectedLabels the class names to use, in order (a model's classes), or null to take the
     *     sorted distinct labels of the file
     * @param threads decoding threads
     * @param limits the image sizes decoding accepts
     */
    public static CsvImages open(Path csv, List<String> expectedLabels, int threads, ImageLimits limits) {
        if (!Files.isRegularFile(csv)) {
            throw new DataException(csv + ": no such CSV file; give a file of path,label rows");
        }
        List<String> text;
        try {
            text = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(csv + ": cannot read (" + e.getMessage() + ")", e);
        }
        Path folder = csv.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = i == 0 ? stripBom(text.get(i)) : text.get(i);
            if (line.isBlank() || (i == 0 && isHeader(line))) {
                continue;
            }
            String where = csv + ":" + (i + 1);
            List<String> fields = fields(line, where);
            if (fields.size() != 2) {
                throw new DataException(where + ": expected 2 fields (path,label), found " + fields.size()
                        + "; quote a path or label that contains a comma");
            }
            String file = fields.get(0).strip();
            String label = fields.get(1).strip();
            if (file.isEmpty() || label.isEmpty()) {
                throw new DataException(where + ": empty " + (file.isEmpty() ? "path" : "label")
                        + "; every row needs an image path and a class label");
            }
            Path p;
            try {
                p = folder.resolve(file).normalize();
            } catch (InvalidPathException e) {
                throw new DataException(where + ": '" + file + "' is not a valid path (" + e.getReason() + ")");
            }
            if (!Files.isRegularFile(p)) {
                throw new DataException(where + ": " + p + " does not exist; paths resolve against the CSV's folder "
                        + folder);
            }
            if (expectedLabels != null && !expectedLabels.contains(label)) {
                throw new DataException(where + ": label '" + label + "' is not one of the model's classes "
                        + expectedLabels);
            }
            candidates.add(p);
            rowLabels.add(label);
            rowLines.add(i + 1);
        }
        if (candidates.isEmpty()) {
            throw new DataException(csv + ": no rows; write one path,label row per image");
        }
        List<String> classes = expectedLabels != null ? List.copyOf(expectedLabels)
                : List.copyOf(new TreeSet<>(rowLabels));
        List<String> skipped = new ArrayList<>();
        boolean[] ok = FolderImages.validate(candidates, threads, skipped, limits);
        List<Path> files = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (ok[i]) {
                files.add(candidates.get(i));
                lines.add(rowLines.get(i));
                ids.add(classes.indexOf(rowLabels.get(i)));
            }
        }
        CsvImages out = new CsvImages(csv, files, lines, ids.stream().mapToInt(Integer::intValue).toArray(), classes,
                skipped, limits);
        if (expectedLabels == null) {
            int[] counts = out.classCounts();
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] == 0) {
                    throw new DataException(csv + ": class '" + classes.get(c) + "' has no readable images; "
                            + "fix its rows or remove them");
                }
            }
        }
        return out;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static boolean isHeader(String line) {
        return line.replace("\"", "").replace(" ", "").equalsIgnoreCase("path,label");
    }

    /** Splits one row into fields; double quotes protect commas, {@code ""} is a quote. */
    static List<String> fields(String line, String where) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' && cur.toString().isBlank()) {
                quoted = true;
                cur.setLength(0);
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new DataException(where + ": unclosed double quote; close it, or write a literal quote as \"\"");
        }
        out.add(cur.toString());
        return out;
    }

    /** The CSV file. */
    public Path csv() {
        return csv;
    }

    @Override
    public String describe(int i) {
        return file(i) + " (" + csv.getFileName() + ":" + lines.get(i) + ")";
    }
}
