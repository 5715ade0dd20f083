package dev.payments.bench;

import dev.payments.bench.pipeline.CpuByProcess;
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
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The benchmark's output: markdown tables, printed at the end and kept in {@code results.md}. */
final class Report {

    private static final Logger log = LoggerFactory.getLogger(Report.class);

    private static final String SATURATION_HEADER = """
            | saturation run | orders | events | orders/s | events/s | worker CPU % | worker RSS max | worker heap max \
            | DB rows written / order | Kafka bytes / order | checks |
            |---|---|---|---|---|---|---|---|---|---|---|""";
    private static final String LATENCY_HEADER = """
            | latency run | orders measured | arrival rate | PG result → completion p50 | p95 | p99 | max \
            | worker CPU % | worker RSS max | worker heap max | checks |
            |---|---|---|---|---|---|---|---|---|---|---|""";

    private static final List<String> CPU_COLUMNS =
            List.of("worker", "postgres", "kafka", "pg-sandbox", "api-edge", "benchmark");
    private static final String CPU_HEADER = """
            | CPU ms per order, by process | worker | PostgreSQL | Kafka | PG sandbox | edge (idle) \
            | benchmark (producer, watcher) | whole machine | machine busy |
            |---|---|---|---|---|---|---|---|---|""";

    private final Path runDir;
    private final List<String> head = new ArrayList<>();
    private final List<String> saturation = new ArrayList<>();
    private final List<String> latency = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> cpu = new ArrayList<>();
    private String edge;

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
        progress(saturation.getLast());
        cpu(run.mode(), run.worker().stack(), run.orders());
    }

    void ratio(PipelineBenchmark.Saturation batched, PipelineBenchmark.Saturation baseline) {
        notes.add("Batched / per-record baseline: %s× the orders/s"
                .formatted(decimal(batched.ordersPerSecond() / baseline.ordersPerSecond())));
        progress(notes.getLast());
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
        progress(latency.getLast());
        cpu("latency at %d orders/s".formatted(run.rate()), worker.stack(), run.orders());
    }

    /** Where a run's CPU went: milliseconds of CPU per order, by process, and how busy the machine was. */
    private void cpu(String run, CpuByProcess stack, int orders) {
        if (stack == null) {
            return;
        }
        double wallSeconds = stack.wall().toNanos() / 1e9;
        double cores = Runtime.getRuntime().availableProcessors();
        String byProcess = CPU_COLUMNS.stream()
                .map(name -> decimal(stack.of(name).toNanos() / 1e6 / orders))
                .collect(Collectors.joining(" | "));
        cpu.add("| %s | %s | %s | %s %% |"
                .formatted(
                        run,
                        byProcess,
                        decimal(stack.machine().toNanos() / 1e6 / orders),
                        number(100.0 * stack.machine().toNanos() / 1e9 / (wallSeconds * cores))));
        progress(cpu.getLast());
    }

    /** The edge part's table (requests/s and latency next to the do-nothing endpoint). */
    void edge(String table) {
        edge = table;
        progress(table);
    }

    /** Prints everything (the program's output, on standard output) and writes {@code results.md}. */
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
        if (!cpu.isEmpty()) {
            out.add("");
            out.add(CPU_HEADER);
            out.addAll(cpu);
        }
        if (edge != null) {
            out.add("");
            out.add(edge.strip());
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

    /** A row as soon as its part ends, through the log like the parts' other progress; the table comes at the end. */
    private static void progress(String row) {
        log.info("{}", row);
    }
}
