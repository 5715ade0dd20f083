package dev.payments.bench;

import dev.payments.bench.pipeline.PipelineBenchmark;
import dev.payments.bench.pipeline.ProcessSampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's output: markdown tables, printed at the end and kept in {@code results.md}. */
final class Report {

    private static final String SATURATION_HEADER = """
            | saturation run | orders | events | orders/s | events/s | worker CPU % | worker RSS max | worker heap max \
            | DB rows written / order | Kafka bytes / order | checks |
            |---|---|---|---|---|---|---|---|---|---|---|""";
    private static final String LATENCY_HEADER = """
            | latency run | orders measured | arrival rate | PG result → completion p50 | p95 | p99 | max \
            | worker CPU % | worker RSS max | worker heap max | checks |
            |---|---|---|---|---|---|---|---|---|---|---|""";

    private final Path runDir;
    private final List<String> head = new ArrayList<>();
    private final List<String> saturation = new ArrayList<>();
    private final List<String> latency = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(Path runDir) {
        this.runDir = runDir;
    }

    void line(String text) {
        head.add(text);
    }

    void saturation(PipelineBenchmark.Saturation run) {
        saturation.add("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |"
                .formatted(
                        run.mode(),
                        run.orders(),
                        run.events(),
                        number(run.ordersPerSecond()),
                        number(run.eventsPerSecond()),
                        number(run.worker().cpuPercent()),
                        mib(run.worker().maxRssBytes()),
                        mib(run.worker().maxHeapBytes()),
                        decimal((double) run.written().rowsWritten() / run.orders()),
                        number((double) run.written().kafkaBytes() / run.orders()),
                        checks(run.checks())));
        print(saturation.getLast());
    }

    void ratio(PipelineBenchmark.Saturation batched, PipelineBenchmark.Saturation baseline) {
        notes.add("Batched / per-record baseline: %s× the orders/s"
                .formatted(decimal(batched.ordersPerSecond() / baseline.ordersPerSecond())));
        print(notes.getLast());
    }

    void latency(PipelineBenchmark.Latency run) {
        ProcessSampler.Usage worker = run.worker();
        latency.add("| %d orders/s | %d | %s/s | %s ms | %s ms | %s ms | %s ms | %s | %s | %s | %s |"
                .formatted(
                        run.rate(),
                        run.orders(),
                        number(run.achievedRate()),
                        number(run.p50Millis()),
                        number(run.p95Millis()),
                        number(run.p99Millis()),
                        number(run.maxMillis()),
                        number(worker.cpuPercent()),
                        mib(worker.maxRssBytes()),
                        mib(worker.maxHeapBytes()),
                        checks(run.checks())));
        print(latency.getLast());
    }

    /** Prints everything and writes {@code results.md}. */
    void print() {
        List<String> out = new ArrayList<>(head);
        if (!saturation.isEmpty()) {
            out.add("");
            out.add(SATURATION_HEADER);
            out.addAll(saturation);
        }
        if (!latency.isEmpty()) {
            out.add("");
            out.add(LATENCY_HEADER);
            out.addAll(latency);
        }
        if (!notes.isEmpty()) {
            out.add("");
            out.addAll(notes);
        }
        String text = String.join("\n", out) + "\n";
        System.out.print(text);
        try {
            Files.writeString(runDir.resolve("results.md"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String checks(PipelineBenchmark.Checks checks) {
        String verdict = checks.hold() ? "ok" : "FAILED";
        return "%s: %s, %d with 2+ completion ids, %d approvals, %d approved twice"
                .formatted(
                        verdict,
                        checks.statuses(),
                        checks.severalCompletionIds(),
                        checks.approvals(),
                        checks.approvedTwice().size());
    }

    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String decimal(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "-" : "%d MiB".formatted(bytes / (1024 * 1024));
    }

    private static void print(String row) {
        System.out.println(row);
    }
}
