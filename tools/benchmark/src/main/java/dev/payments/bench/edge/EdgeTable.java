package dev.payments.bench.edge;

import java.util.List;
import java.util.Locale;

/** The edge's rows as a markdown table. */
public final class EdgeTable {

    private EdgeTable() {}

    public static String markdown(List<EdgeFigures> rows) {
        StringBuilder table = new StringBuilder();
        table.append("| endpoint | concurrency | requests/s | p50 | p90 | p99 | p99.9 | max | errors | vs noop |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EdgeFigures row : rows) {
            WrkFigures wrk = row.wrk();
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %s | %s | %s | %s | %s | %d | %.0f %% |\n",
                    row.endpoint().label(),
                    row.concurrency(),
                    wrk.requestsPerSecond(),
                    millis(wrk.p50Micros()),
                    millis(wrk.p90Micros()),
                    millis(wrk.p99Micros()),
                    millis(wrk.p999Micros()),
                    millis(wrk.maxMicros()),
                    wrk.errors(),
                    row.vsNoop() * 100));
        }
        return table.toString();
    }

    /** Milliseconds with two decimals: sub-millisecond latencies are the interesting ones here. */
    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }
}
