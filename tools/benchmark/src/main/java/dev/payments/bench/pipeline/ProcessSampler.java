package dev.payments.bench.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Samples a worker process four times a second: its CPU time and resident set from {@code /proc} (Linux), its used
 * heap from its actuator ({@code jvm.memory.used}, area heap) once a second, and the CPU time of every process of the
 * stack.
 */
public final class ProcessSampler implements AutoCloseable {

    /** One sample; heap is -1 when not read in this sample. */
    record Sample(Instant at, Duration cpu, long rssBytes, long heapBytes, CpuByProcess stack) {}

    /**
     * What the worker used between two instants, and the CPU time every process of the stack (and the machine) used
     * meanwhile.
     */
    public record Usage(double cpuPercent, long maxRssBytes, long maxHeapBytes, CpuByProcess stack) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long pid;
    private final Supplier<Optional<ProcessHandle>> postgresServer;
    private final String actuatorUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProcessSampler(long pid, int actuatorPort, Supplier<Optional<ProcessHandle>> postgresServer) {
        this.pid = pid;
        this.postgresServer = postgresServer;
        this.actuatorUrl = "http://localhost:" + actuatorPort + "/actuator/metrics/jvm.memory.used?tag=area:heap";
        thread = Thread.ofPlatform().name("sampler-" + pid).daemon(true).start(this::run);
    }

    private void run() {
        long n = 0;
        while (running) {
            Duration cpu = ProcessHandle.of(pid)
                    .flatMap(p -> p.info().totalCpuDuration())
                    .orElse(null);
            if (cpu == null) {
                return;
            }
            long heap = n++ % 4 == 0 ? heap() : -1;
            samples.add(new Sample(Instant.now(), cpu, rss(), heap, CpuByProcess.now(postgresServer.get())));
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(250).toNanos());
        }
    }

    /** CPU % (100 = one core busy) between {@code from} and {@code to}, and the largest RSS and heap seen then. */
    Usage usage(Instant from, Instant to) {
        List<Sample> window = samples.stream()
                .filter(s -> !s.at().isBefore(from.minusMillis(250)) && !s.at().isAfter(to.plusMillis(250)))
                .toList();
        if (window.size() < 2) {
            return new Usage(Double.NaN, -1, -1, null);
        }
        Sample first = window.getFirst();
        Sample last = window.getLast();
        double wall = Duration.between(first.at(), last.at()).toNanos();
        double cpu = last.cpu().minus(first.cpu()).toNanos();
        return new Usage(
                100.0 * cpu / wall,
                window.stream().mapToLong(Sample::rssBytes).max().orElse(-1),
                window.stream().mapToLong(Sample::heapBytes).max().orElse(-1),
                last.stack().minus(first.stack()));
    }

    private long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone, or this is not Linux
        }
        return -1;
    }

    private long heap() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(actuatorUrl))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            JsonNode measurements = JSON.readTree(response.body()).get("measurements");
            return (long) measurements.get(0).get("value").asDouble();
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
