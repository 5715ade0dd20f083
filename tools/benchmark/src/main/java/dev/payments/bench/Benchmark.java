package dev.payments.bench;

import dev.payments.bench.edge.EdgeBenchmark;
import dev.payments.bench.edge.EdgeFigures;
import dev.payments.bench.edge.EdgeTable;
import dev.payments.bench.pipeline.PipelineBenchmark;
import dev.payments.faults.stack.ProcessStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./benchmark.sh}: starts the system as OS processes, runs the parts asked for and prints one table, also
 * written to {@code results.md} in the run's folder. Exits 1 when a part's checks fail (an order not COMPLETE, a
 * second completion id, a second approval): a fast wrong answer is not a result.
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    private Benchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        String part = options.getOrDefault("part", "all");
        int orders = Integer.parseInt(options.getOrDefault("orders", "30000"));
        int baselineOrders = Integer.parseInt(options.getOrDefault("baseline-orders", "5000"));
        List<Integer> rates = integers(options.getOrDefault("rate", "500,200"));
        Duration latencyTime = Duration.ofSeconds(Long.parseLong(options.getOrDefault("latency-seconds", "60")));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-seconds", "30")));
        boolean profile = options.containsKey("profile");
        // more arguments for every worker of the pipeline parts, e.g. consumer settings to compare
        List<String> workerArgs = options.containsKey("worker-arg")
                ? List.of(options.get("worker-arg").split("\n"))
                : List.of();

        Path runDir = Path.of(
                        "tools",
                        "benchmark",
                        "target",
                        "bench-runs",
                        "b" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss")))
                .toAbsolutePath();
        Files.createDirectories(runDir);
        Report report = new Report(runDir);
        report.line("Benchmark run %s: %s".formatted(runDir.getFileName(), String.join(" ", args)));
        if (!workerArgs.isEmpty()) {
            report.line("Workers with: " + String.join(" ", workerArgs));
        }
        report.line("Machine: %d cores, %s, Java %s"
                .formatted(
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                        System.getProperty("java.version")));

        List<String> workerJvm = new ArrayList<>();
        if (profile) {
            // one flight recording per worker process (%p: its pid), read with `jfr view hot-methods <file>`
            workerJvm.add("-XX:StartFlightRecording=filename=%s,settings=profile,dumponexit=true"
                    .formatted(runDir.resolve("worker-%p.jfr")));
        }
        boolean ok = true;
        // pipeline = baseline + batched + latency; each can also run alone (--part=batched, e.g. with --profile)
        boolean pipelinePart = part.equals("all") || part.equals("pipeline");
        boolean runBaseline = pipelinePart || part.equals("baseline");
        boolean runBatched = pipelinePart || part.equals("batched");
        boolean runLatency = pipelinePart || part.equals("latency");
        if (runBaseline || runBatched || runLatency) {
            try (ProcessStack stack = ProcessStack.start(runDir, 1, PipelineBenchmark.NO_WEBHOOKS)) {
                // the first worker created the schema and the topics; each part starts its own
                stack.workers().forEach(w -> w.process().stop());
                PipelineBenchmark pipeline = new PipelineBenchmark(stack, workerJvm, log::info);
                PipelineBenchmark.Saturation baseline = null;
                PipelineBenchmark.Saturation batched = null;
                if (runBaseline) {
                    List<String> perRecord = new ArrayList<>(workerArgs);
                    perRecord.add("--payments.worker.processing=per-record");
                    baseline = pipeline.saturation("per-record baseline", baselineOrders, perRecord);
                    report.saturation(baseline);
                    ok &= baseline.checks().hold();
                }
                if (runBatched) {
                    batched = pipeline.saturation("batched", orders, workerArgs);
                    report.saturation(batched);
                    ok &= batched.checks().hold();
                }
                if (baseline != null && batched != null) {
                    report.ratio(batched, baseline);
                }
                for (int rate : runLatency ? rates : List.<Integer>of()) {
                    var latency = pipeline.latency(rate, warmUp, latencyTime, workerArgs);
                    report.latency(latency);
                    ok &= latency.checks().hold();
                }
            }
        }
        if (part.equals("all") || part.equals("edge")) {
            List<Integer> concurrencies = integers(options.getOrDefault("edge-concurrency", "16,32"));
            Duration edgeTime = Duration.ofSeconds(Long.parseLong(options.getOrDefault("edge-seconds", "20")));
            // --edge-profile: a flight recording of the edge, edge/edge.jfr; --edge-profile=<options> adds to it
            List<String> edgeJvm = options.containsKey("edge-profile")
                    ? EdgeBenchmark.flightRecording(
                            runDir.resolve("edge"),
                            options.get("edge-profile").equals("true") ? "" : "," + options.get("edge-profile"))
                    : List.of();
            List<EdgeFigures> edge = EdgeBenchmark.run(
                    runDir.resolve("edge"),
                    new EdgeBenchmark.Settings(
                            concurrencies, edgeTime, EdgeBenchmark.DEFAULT_WARMUP, edgeJvm, List.of()));
            report.edge(EdgeTable.markdown(edge));
        }
        report.print();
        if (!ok) {
            log.error("A check failed: see the table");
            System.exit(1);
        }
    }

    /** A comma-separated list of numbers, e.g. {@code 500,200}. */
    private static List<Integer> integers(String list) {
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .map(Integer::valueOf)
                .toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            if (arg.startsWith("--worker-arg=")) {
                // repeatable; kept apart by a character no Spring argument contains
                options.merge("worker-arg", arg.substring("--worker-arg=".length()), (a, b) -> a + "\n" + b);
                continue;
            }
            String[] kv = arg.substring(2).split("=", 2);
            options.put(kv[0], kv.length == 2 ? kv[1] : "true");
        }
        return options;
    }
}
