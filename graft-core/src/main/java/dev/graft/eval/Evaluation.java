package dev.graft.eval;

import java.util.List;

/**
 * Classification results on one data set.
 *
 * @param labels class names
 * @param confusion {@code confusion[true][predicted]} counts
 * @param loss mean cross-entropy
 */
public record Evaluation(List<String> labels, long[][] confusion, double loss) {

    public long total() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public double accuracy() {
        long ok = 0;
        for (int i = 0; i < confusion.length; i++) {
            ok += confusion[i][i];
        }
        return total() == 0 ? Double.NaN : (double) ok / total();
    }

    /** Of the images predicted as class c, the share that are c (0 when none was predicted). */
    public double precision(int c) {
        long col = 0;
        for (long[] row : confusion) {
            col += row[c];
        }
        return col == 0 ? 0 : (double) confusion[c][c] / col;
    }

    /** Of the images of class c, the share predicted as c. */
    public double recall(int c) {
        long row = 0;
        for (long v : confusion[c]) {
            row += v;
        }
        return row == 0 ? 0 : (double) confusion[c][c] / row;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public long support(int c) {
        long row = 0;
        for (long v : confusion[c]) {
            row += v;
        }
        return row;
    }

    /** Unweighted mean of per-class F1. */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < labels.size(); c++) {
            s += f1(c);
        }
        return s / labels.size();
    }

    /** A plain-text report: accuracy, per-class precision, recall, F1 and the confusion matrix. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("accuracy %.4f  (%d images)  macro-F1 %.4f  loss %.4f%n%n", accuracy(), total(),
                macroF1(), loss));
        int w = Math.max(5, labels.stream().mapToInt(String::length).max().orElse(5));
        sb.append(String.format("%-" + w + "s  precision  recall      f1  support%n", "class"));
        for (int c = 0; c < labels.size(); c++) {
            sb.append(String.format("%-" + w + "s  %9.4f  %6.4f  %6.4f  %7d%n", labels.get(c), precision(c), recall(c),
                    f1(c), support(c)));
        }
        sb.append(String.format("%nconfusion matrix (rows: true, columns: predicted)%n"));
        sb.append(String.format("%-" + w + "s", ""));
        for (int c = 0; c < labels.size(); c++) {
            sb.append(String.format(" %6s", "[" + c + "]"));
        }
        sb.append('\n');
        for (int r = 0; r < labels.size(); r++) {
            sb.append(String.format("%-" + w + "s", "[" + r + "] " + labels.get(r)));
            for (int c = 0; c < labels.size(); c++) {
                sb.append(String.format(" %6d", confusion[r][c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
