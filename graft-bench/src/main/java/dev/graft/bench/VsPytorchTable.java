package dev.graft.bench;

import java.util.Locale;

/** {@link VsPytorch.Report} as the Markdown table the README shows, with the machine and its load named. */
public final class VsPytorchTable {
    private VsPytorchTable() {}

    public static String format(VsPytorch.Report r) {
        StringBuilder sb = new StringBuilder();
        VsPytorch.Row first = r.rows().isEmpty() ? null : r.rows().get(0);
        sb.append(String.format(Locale.ROOT, "Eager PyTorch %s against Graft (libtorch %s), alternating in one run, "
                + "best of %d rounds each, median of %d steps per round%n", r.torchVersion(), r.libtorchVersion(),
                r.rounds(), r.steps()));
        sb.append(String.format(Locale.ROOT, "Machine: %s; load average %.2f at the start, %.2f at the end; took %.0f min%n",
                r.machine().describe(), r.machine().loadAtStart(), r.loadAtEnd(), r.minutes()));
        if (busy(r)) {
            sb.append("The machine was busy: read these ratios as indicative only; rerun on an idle machine for the record.")
                    .append(System.lineSeparator());
        }
        sb.append(System.lineSeparator());
        sb.append("| model | mode | size | batch | threads | PyTorch img/s | Graft img/s | Graft/PyTorch | goal | "
                + "by CPU time |").append(System.lineSeparator());
        sb.append("|---|---|---|---|---|---|---|---|---|---|").append(System.lineSeparator());
        for (VsPytorch.Row row : r.rows()) {
            VsPytorch.Case c = row.c();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.1f | %.1f | %.2f %s | %.2f | %.2f |%n",
                    c.arch(), c.mode(), c.size(), c.batch(), c.threads(), row.pytorch().imagesPerSecond(),
                    row.graft().imagesPerSecond(), row.ratio(), row.ratio() >= c.goal() ? "✔" : "✘", c.goal(),
                    row.cpuRatio()));
        }
        if (first != null) {
            sb.append(System.lineSeparator()).append("\"by CPU time\" is the same ratio from each process's CPU time "
                    + "per step instead of wall time; with 1 thread it barely moves with the machine's load.")
                    .append(System.lineSeparator());
        }
        if (r.pytorchPeakRssMb() >= 0) {
            sb.append(String.format(Locale.ROOT, "%nPeak RSS, resnet50 fine-tune (every parameter trains, AdamW) at 224 px, "
                    + "batch 32, %d steps, each side in a fresh process: PyTorch %d MB, Graft %d MB (Graft/PyTorch %.2f, "
                    + "goal at most 1.00)%n", r.rssSteps(), r.pytorchPeakRssMb(), r.graftPeakRssMb(),
                    (double) r.graftPeakRssMb() / r.pytorchPeakRssMb()));
        }
        return sb.toString();
    }

    /** Other work was running: the load before we started, or beyond what our own threads explain at the end. */
    static boolean busy(VsPytorch.Report r) {
        double cores = r.machine().cores();
        return r.machine().loadAtStart() > 0.5 * cores || r.loadAtEnd() > cores + 1;
    }
}
