package dev.payments.bench.edge;

import static org.awaitility.Awaitility.await;

import dev.payments.bench.pipeline.CpuByProcess;
import dev.payments.faults.stack.ProcessStack;
import dev.payments.faults.stack.ProcessStack.EdgeOptions;
import dev.payments.faults.stack.SandboxFaults;
import dev.payments.schemas.Topics;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge alone under {@code wrk}: the whole process stack is started, then the workers are stopped, so that Kafka
 * and PostgreSQL only serve the edge and nothing else competes for the two cores. At each concurrency, the do-nothing
 * endpoint, issuance and the success redirect are loaded one after the other for the same duration; each endpoint is
 * warmed up once first. Afterwards the records the edge wrote to {@value Topics#ORDER_EVENTS} (its end offsets
 * before and after a run) are compared with the answers below 400: each such answer promises an event in Kafka.
 */
public final class EdgeBenchmark {

    /** The do-nothing endpoint is off by default; the benchmark's edge turns it on. */
    static final String NOOP_ON = "--payments.edge.benchmark.noop-endpoint=true";

    private static final Logger log = LoggerFactory.getLogger(EdgeBenchmark.class);

    private static final AtomicLong RUNS = new AtomicLong();

    private EdgeBenchmark() {}

    /** Everything one measurement needs; {@code edgeJvmOptions} e.g. a flight recording of the edge. */
    public record Settings(
            List<Integer> concurrencies,
            Duration duration,
            Duration warmup,
            List<String> edgeJvmOptions,
            List<String> edgeArgs) {

        public Settings {
            concurrencies = List.copyOf(concurrencies);
            edgeJvmOptions = List.copyOf(edgeJvmOptions);
            edgeArgs = List.copyOf(edgeArgs);
        }
    }

    /**
     * A warm-up per endpoint: on this 2-core machine the JIT compiler was still busy with issuance's code after 10 s
     * (a fifth of the machine in the flight recording), which showed as issuance's cost.
     */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(20);

    /** One concurrency, the default warm-up per endpoint. */
    public static List<EdgeFigures> run(Path runDir, int concurrency, Duration duration) {
        return run(runDir, new Settings(List.of(concurrency), duration, DEFAULT_WARMUP, List.of(), List.of()));
    }

    /** Starts a stack in {@code runDir}, measures every concurrency of {@code settings} on it, and stops it. */
    public static List<EdgeFigures> run(Path runDir, Settings settings) {
        Path wrk = findWrk();
        Path scripts = extractScripts(runDir.resolve("wrk"));
        log.info("edge: starting Kafka, PostgreSQL, the PG sandbox, a worker and the edge in {}", runDir);
        List<String> edgeArgs = new ArrayList<>(List.of(NOOP_ON));
        edgeArgs.addAll(settings.edgeArgs());
        if (!settings.edgeArgs().isEmpty()) {
            log.info("edge: with {}", settings.edgeArgs());
        }
        try (ProcessStack stack = ProcessStack.start(
                runDir, 1, SandboxFaults.NONE, new EdgeOptions(settings.edgeJvmOptions(), edgeArgs))) {
            // a worker is needed to start (it creates the schema and the topic); after that it would only compete
            // with the edge for the CPU by consuming what the edge writes
            stack.workers().forEach(w -> w.process().stop());
            log.info("edge: workers stopped; only the edge serves requests (Kafka and PostgreSQL serve the edge, the"
                    + " sandbox idles)");
            try (EventCount events = new EventCount(stack.bootstrapServers())) {
                checkEndpoints(stack, events);
                List<EdgeFigures> figures = new ArrayList<>();
                boolean warm = false;
                for (int concurrency : settings.concurrencies()) {
                    if (!warm) {
                        for (EdgeEndpoint endpoint : EdgeEndpoint.values()) {
                            log.info(
                                    "edge: warming up {} for {}s",
                                    endpoint.label(),
                                    settings.warmup().toSeconds());
                            wrk(wrk, scripts, stack.edgeUrl(), endpoint, concurrency, settings.warmup());
                        }
                        warm = true;
                    }
                    figures.addAll(measure(wrk, scripts, stack, events, concurrency, settings.duration()));
                }
                return figures;
            }
        }
    }

    /** The three endpoints at one concurrency, each for {@code duration}, with the events checked after each. */
    private static List<EdgeFigures> measure(
            Path wrk, Path scripts, ProcessStack stack, EventCount events, int concurrency, Duration duration) {
        Map<EdgeEndpoint, WrkFigures> measured = new EnumMap<>(EdgeEndpoint.class);
        for (EdgeEndpoint endpoint : EdgeEndpoint.values()) {
            log.info(
                    "edge: {} at concurrency {} for {}s (load {})",
                    endpoint.label(),
                    concurrency,
                    duration.toSeconds(),
                    loadAverage());
            // requests wrk gave up on at the end of the previous run may still be written: count from a quiet topic
            long before = events.quiet();
            CpuByProcess cpuBefore = CpuByProcess.now(stack.postgresServer());
            WrkFigures figures = wrk(wrk, scripts, stack.edgeUrl(), endpoint, concurrency, duration);
            CpuByProcess cpu = CpuByProcess.now(stack.postgresServer()).minus(cpuBefore);
            // the same for this run's own last requests, answered after wrk stopped reading
            long written = events.quiet() - before;
            log.info(String.format(
                    Locale.ROOT,
                    "edge:   %d requests, %.0f/s, p99 %s, %d errors; records written to %s: %d, answers below 400:"
                            + " %d%s",
                    figures.requests(),
                    figures.requestsPerSecond(),
                    EdgeTable.millis(figures.p99Micros()),
                    figures.errors(),
                    Topics.ORDER_EVENTS,
                    written,
                    figures.successes(),
                    verdict(endpoint, written, figures.successes())));
            if (endpoint.writesAnEvent() && written < figures.successes()) {
                throw new IllegalStateException("the edge answered " + figures.successes() + " " + endpoint.label()
                        + " requests below 400 but wrote only " + written + " records");
            }
            log.info(String.format(
                    Locale.ROOT,
                    "edge:   CPU per request: edge %.0f us, Kafka %.0f us, PostgreSQL %.0f us",
                    microsPerRequest(cpu.of("api-edge"), figures.requests()),
                    microsPerRequest(cpu.of("kafka"), figures.requests()),
                    microsPerRequest(cpu.of("postgres"), figures.requests())));
            measured.put(endpoint, figures);
        }
        double noop = measured.get(EdgeEndpoint.NOOP).requestsPerSecond();
        return measured.entrySet().stream()
                .map(e -> new EdgeFigures(
                        e.getKey(), concurrency, e.getValue(), e.getValue().requestsPerSecond() / noop))
                .toList();
    }

    /**
     * Microseconds of CPU per request. On a shared, loaded machine requests/s move with the neighbours' load; CPU time
     * per request moves much less, so the benchmark prints both.
     */
    static double microsPerRequest(Duration cpu, long requests) {
        return requests == 0 ? 0 : cpu.toNanos() / 1000.0 / requests;
    }

    private static String verdict(EdgeEndpoint endpoint, long written, long successes) {
        if (!endpoint.writesAnEvent()) {
            return written == 0 ? " (none expected: ok)" : " (none expected!)";
        }
        return written >= successes ? " (every answer's event is in Kafka: ok)" : " (EVENTS MISSING)";
    }

    /**
     * One request to each endpoint before any load: the noop endpoint answers 202 and writes nothing, issuance 202
     * and one record, and the success redirect of an order that does not exist 303 and one record (the edge does not
     * look orders up for redirects; the worker verifies the claim), so that the redirect's figures are real work.
     */
    private static void checkEndpoints(ProcessStack stack, EventCount events) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String id = "bench_check_" + System.currentTimeMillis();
        String body = """
                {"orderId":"%s","amount":15000,"currency":"KRW","orderName":"Coffee beans 1kg",\
                "customerName":"Kim","customerEmail":"kim@example.com"}""".formatted(id);
        expect(
                http,
                events,
                HttpRequest.newBuilder(URI.create(stack.edgeUrl() + "/benchmark/noop"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                202,
                0);
        expect(
                http,
                events,
                HttpRequest.newBuilder(URI.create(stack.edgeUrl() + "/api/v1/orders"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + ProcessStack.MERCHANT_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                202,
                1);
        String unknown = "bench_unknown_" + System.currentTimeMillis();
        expect(
                http,
                events,
                HttpRequest.newBuilder(URI.create(stack.edgeUrl() + "/pg/success?orderId=" + unknown
                                + "&token=t&paymentKey=pk&amount=15000"))
                        .GET(),
                303,
                1);
        log.info("edge: checked: noop 202 and no record; issuance 202 and one record; the success redirect of an order"
                + " that was never issued 303 and one record");
    }

    private static void expect(
            HttpClient http, EventCount events, HttpRequest.Builder request, int status, long records) {
        long before = events.written();
        HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            long written = events.written() - before;
            if (response.statusCode() != status || written != records) {
                throw new IllegalStateException(built.method() + " "
                        + built.uri().getPath() + " answered "
                        + response.statusCode() + " and wrote " + written + " records; expected " + status + " and "
                        + records + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs wrk once and reads the line its report script printed. */
    static WrkFigures wrk(
            Path wrk, Path scripts, String edgeUrl, EdgeEndpoint endpoint, int concurrency, Duration duration) {
        // two threads: one per core; the edge gets the same share of the machine for every endpoint
        int threads = Math.min(2, concurrency);
        String tag = "b" + Long.toString(System.currentTimeMillis(), 36) + RUNS.incrementAndGet();
        List<String> command = List.of(
                wrk.toString(),
                "-t" + threads,
                "-c" + concurrency,
                "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--timeout",
                "10s",
                "-s",
                scripts.resolve(endpoint.script()).toString(),
                edgeUrl,
                "--",
                tag,
                ProcessStack.MERCHANT_KEY);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk failed for " + endpoint.label() + ":\n" + output);
            }
            return WrkFigures.parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** wrk on the PATH, or a message saying how to install it. */
    static Path findWrk() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("wrk is not installed: install Debian's package with 'apt-get install -y wrk'"
                + " (as root; ./benchmark.sh does it itself when run as root)");
    }

    /** Each endpoint's script is the shared orderId part, its own request, and the shared report. */
    static Path extractScripts(Path dir) {
        try {
            Files.createDirectories(dir);
            String ids = resource("ids.lua");
            String report = resource("report.lua");
            for (EdgeEndpoint endpoint : EdgeEndpoint.values()) {
                Files.writeString(
                        dir.resolve(endpoint.script()),
                        ids + "\n" + resource(endpoint.script()) + "\n" + report,
                        StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EdgeBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String loadAverage() {
        try {
            String[] averages = Files.readString(Path.of("/proc/loadavg")).split(" ", 4);
            return averages[0] + " " + averages[1] + " " + averages[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The sum of the order-events topic's end offsets: every record ever written to it. */
    private static final class EventCount implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;

        EventCount(String bootstrapServers) {
            consumer = new KafkaConsumer<>(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            partitions = consumer.partitionsFor(Topics.ORDER_EVENTS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.ORDER_EVENTS, p.partition()))
                    .toList();
        }

        long written() {
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }

        /** The count once it has stopped growing (the edge finished the requests it had taken). */
        long quiet() {
            AtomicLong last = new AtomicLong(written());
            await().atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ofMillis(500))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> last.getAndSet(written()) == last.get());
            return last.get();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Runs the edge benchmark alone and prints its table. Arguments: {@code --concurrency=16,32}, {@code
     * --duration=25s}, {@code --warmup=20s}, {@code --jfr} (a flight recording of the edge, {@code edge.jfr} in the
     * run folder; {@code --jfr=<more recording options>} adds to it, e.g. {@code jdk.CPUTimeSample#enabled=true} on JDK
     * 25, whose samples also count the CPU time a request spends in system calls), {@code --edge-arg=--<property>=<value>} (repeatable: more arguments for the edge, e.g. producer
     * settings to compare), {@code --run-dir=<folder>}.
     */
    public static void main(String[] args) {
        List<Integer> concurrencies = List.of(16, 32);
        Duration duration = Duration.ofSeconds(25);
        Duration warmup = DEFAULT_WARMUP;
        String jfr = null;
        List<String> edgeArgs = new ArrayList<>();
        Path runDir = Path.of(
                "tools/benchmark/target/bench-runs",
                "edge-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        for (String arg : args) {
            if (arg.startsWith("--concurrency=")) {
                concurrencies = java.util.Arrays.stream(
                                arg.substring("--concurrency=".length()).split(","))
                        .map(String::trim)
                        .map(Integer::parseInt)
                        .toList();
            } else if (arg.startsWith("--duration=")) {
                duration = seconds(arg.substring("--duration=".length()));
            } else if (arg.startsWith("--warmup=")) {
                warmup = seconds(arg.substring("--warmup=".length()));
            } else if (arg.equals("--jfr")) {
                jfr = "";
            } else if (arg.startsWith("--jfr=")) {
                jfr = "," + arg.substring("--jfr=".length());
            } else if (arg.startsWith("--edge-arg=")) {
                edgeArgs.add(arg.substring("--edge-arg=".length()));
            } else if (arg.startsWith("--run-dir=")) {
                runDir = Path.of(arg.substring("--run-dir=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + " (known: --concurrency=16,32 --duration=25s --warmup=20s --jfr[=<options>] --edge-arg=--<property>=<value>"
                        + " --run-dir=<folder>)");
            }
        }
        runDir = runDir.toAbsolutePath();
        List<String> edgeJvm = jfr != null ? flightRecording(runDir, jfr) : List.of();
        List<EdgeFigures> figures = run(runDir, new Settings(concurrencies, duration, warmup, edgeJvm, edgeArgs));
        String table = EdgeTable.markdown(figures);
        System.out.println();
        System.out.println(table);
        try {
            Files.writeString(runDir.resolve("edge-results.md"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        figures.stream()
                .filter(f -> f.endpoint() == EdgeEndpoint.ISSUANCE)
                .forEach(f -> System.out.printf(
                        Locale.ROOT,
                        "issuance at concurrency %d: %.0f %% of noop, p99 %s: target (>= 50 %%, p99 <= 25 ms) %s%n",
                        f.concurrency(),
                        f.vsNoop() * 100,
                        EdgeTable.millis(f.wrk().p99Micros()),
                        f.meetsIssuanceTarget() ? "met" : "MISSED"));
        System.exit(0);
    }

    /**
     * JVM options for a flight recording of the edge, {@code edge.jfr} in {@code runDir}; {@code moreOptions} (empty, or
     * starting with a comma) are added to the recording's, e.g. {@code ,jdk.CPUTimeSample#enabled=true}.
     */
    public static List<String> flightRecording(Path runDir, String moreOptions) {
        // deep stacks: a request's frames below Tomcat, the filters and Spring MVC are more than JFR's default 64
        return List.of(
                "-XX:FlightRecorderOptions:stackdepth=256",
                "-XX:StartFlightRecording=filename=" + runDir.toAbsolutePath().resolve("edge.jfr")
                        + ",settings=profile,dumponexit=true" + moreOptions);
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
    }
}
