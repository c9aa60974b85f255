package dev.graft.train;

import dev.graft.model.Network;
import dev.graft.nn.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trainable and total parameters per stage of a network, stem to head: what a freezing choice
 * actually leaves to train. Buffers (BatchNorm statistics) are not parameters and are not counted.
 *
 * @param arch the architecture
 * @param rows one per stage, then the head, then anything in neither (only when there is some)
 */
public record TrainableReport(String arch, List<Row> rows) {

    /**
     * One line of the report.
     *
     * @param name stage name, {@code head}, or {@code other}
     * @param trainable values the optimizer updates
     * @param total all values
     */
    public record Row(String name, long trainable, long total) {}

    /** The report for the network's current freezing. */
    public static TrainableReport of(Network net) {
        List<Network.Stage> stages = net.stages();
        long[] trainable = new long[stages.size() + 2];
        long[] total = new long[stages.size() + 2];
        for (Map.Entry<String, Param> e : net.namedParams().entrySet()) {
            Param p = e.getValue();
            if (p.isBuffer()) {
                continue;
            }
            int slot = stages.size() + 1; // other
            if (net.isHeadParam(e.getKey())) {
                slot = stages.size();
            } else {
                for (int i = 0; i < stages.size(); i++) {
                    if (stages.get(i).contains(e.getKey())) {
                        slot = i;
                        break;
                    }
                }
            }
            total[slot] += p.numel();
            trainable[slot] += p.trainable() ? p.numel() : 0;
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            rows.add(new Row(stages.get(i).name(), trainable[i], total[i]));
        }
        rows.add(new Row("head", trainable[stages.size()], total[stages.size()]));
        if (total[stages.size() + 1] > 0) {
            rows.add(new Row("other", trainable[stages.size() + 1], total[stages.size() + 1]));
        }
        return new TrainableReport(net.arch(), List.copyOf(rows));
    }

    public long trainable() {
        return rows.stream().mapToLong(Row::trainable).sum();
    }

    public long total() {
        return rows.stream().mapToLong(Row::total).sum();
    }

    /** A table: stage, trainable, total, and the trainable share. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-10s %12s %12s %7s%n", "stage", "trainable", "total", "share"));
        for (Row r : rows) {
            sb.append(line(r.name(), r.trainable(), r.total()));
        }
        sb.append(line("all", trainable(), total()));
        return sb.toString();
    }

    private static String line(String name, long trainable, long total) {
        return String.format("%-10s %,12d %,12d %6.1f%%%n", name, trainable, total,
                total == 0 ? 0 : 100.0 * trainable / total);
    }

    /** A listener that logs the report of {@code net} as each training phase begins. */
    public static TrainListener printer(Network net) {
        Logger log = LoggerFactory.getLogger(TrainableReport.class);
        return new TrainListener() {
            @Override
            public void onTrainBegin(TrainContext ctx) {
                log.info("[" + ctx.phase() + "] trainable parameters of " + net.arch() + " by stage:\n"
                        + of(net).format().stripTrailing());
            }
        };
    }
}
