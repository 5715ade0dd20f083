package dev.payments.bench.pipeline;

import static org.awaitility.Awaitility.await;

import dev.payments.faults.stack.ProcessStack;
import dev.payments.faults.stack.SandboxFaults;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders through the whole pipeline on a {@link ProcessStack}: the order events as a shop's producer writes them, the
 * worker (a process of its own, so its CPU and memory are its own), PostgreSQL, the sandbox's confirm, the completion
 * record. Every part runs its own fresh worker in the stack's consumer group and checks its own result: every order
 * COMPLETE, one completion id per order, at most one approval per order.
 */
public final class PipelineBenchmark {

    /** No PG webhooks: the lifecycle measured is issued, checkout, PG result, confirm (four events per order). */
    public static final SandboxFaults NO_WEBHOOKS = new SandboxFaults(Duration.ZERO, Duration.ZERO, 0, 1.0);

    private static final Duration PATIENCE = Duration.ofMinutes(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What every part checks besides its figures. */
    public record Checks(
            int orders,
            Map<String, Long> statuses,
            long severalCompletionIds,
            long approvals,
            List<String> approvedTwice) {

        public boolean hold() {
            return statuses.getOrDefault("COMPLETE", 0L) == orders
                    && statuses.size() == 1
                    && severalCompletionIds == 0
                    && approvals == orders
                    && approvedTwice.isEmpty();
        }
    }

    /** A saturation run: every order's events pre-loaded, then one worker started. */
    public record Saturation(
            String mode,
            int orders,
            long events,
            Duration elapsed,
            ProcessSampler.Usage worker,
            Footprint written,
            Checks checks) {

        public double ordersPerSecond() {
            return orders / seconds(elapsed);
        }

        public double eventsPerSecond() {
            return events / seconds(elapsed);
        }
    }

    /** A latency run: orders arriving at a fixed rate, PG result to completion record. */
    public record Latency(
            int rate,
            int orders,
            double achievedRate,
            double p50Millis,
            double p95Millis,
            double p99Millis,
            double maxMillis,
            ProcessSampler.Usage worker,
            Checks checks) {}

    private final ProcessStack stack;
    private final List<String> workerJvmOptions;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newHttpClient();
    private int parts;

    /**
     * @param workerJvmOptions more JVM options of every worker this starts (e.g. a flight recording)
     * @param progress where to say what is happening
     */
    public PipelineBenchmark(ProcessStack stack, List<String> workerJvmOptions, Consumer<String> progress) {
        this.stack = stack;
        this.workerJvmOptions = workerJvmOptions;
        this.progress = progress;
    }

    /**
     * Pre-loads {@code orders} orders (three events each) into Kafka, then starts a worker with {@code workerArgs}
     * and measures from its first applied event to the last completion record.
     */
    public Saturation saturation(String mode, int orders, List<String> workerArgs) {
        String prefix = nextPrefix("sat");
        resetSandbox();
        try (OrderFeed feed = new OrderFeed(stack.sandboxUrl(), stack.bootstrapServers());
                CompletionWatcher watcher = new CompletionWatcher(stack.bootstrapServers(), prefix)) {
            progress.accept("%s: opening %d payments in the sandbox".formatted(mode, orders));
            List<BenchOrder> batch = feed.open(prefix, orders);
            Footprint before = Footprint.now(stack.jdbcUrl(), stack.bootstrapServers());
            progress.accept("%s: pre-loading %d events into Kafka".formatted(mode, orders * 3));
            for (BenchOrder order : batch) {
                feed.issueAndCheckout(order);
                feed.pgResult(order);
            }
            feed.flush();
            progress.accept("%s: starting a worker".formatted(mode));
            ProcessStack.Worker worker = stack.launchWorker(ProcessStack.WORKER_GROUP, workerJvmOptions, workerArgs);
            Instant end;
            ProcessSampler.Usage usage;
            try (ProcessSampler sampler =
                    new ProcessSampler(worker.process().pid(), worker.port(), stack::postgresServer)) {
                awaitCompletions(watcher, orders, mode);
                end = watcher.completions().values().stream()
                        .map(CompletionWatcher.Completion::at)
                        .max(Instant::compareTo)
                        .orElseThrow();
                Instant start = firstApplied(prefix);
                usage = sampler.usage(start, end);
                long events = timelineRows(prefix);
                worker.process().stop();
                Footprint written =
                        Footprint.now(stack.jdbcUrl(), stack.bootstrapServers()).minus(before);
                return new Saturation(
                        mode, orders, events, Duration.between(start, end), usage, written, checks(watcher, orders));
            } finally {
                worker.process().stop();
            }
        }
    }

    /**
     * Orders at {@code rate} per second: each order's issuance and checkout at its arrival, its PG result 200 ms
     * later. The first {@code warmUp} is not measured (the worker's JIT compiles meanwhile).
     */
    public Latency latency(int rate, Duration warmUp, Duration measured, List<String> workerArgs) {
        String prefix = nextPrefix("lat");
        resetSandbox();
        int warmUpOrders = (int) (rate * warmUp.toMillis() / 1000);
        int orders = warmUpOrders + (int) (rate * measured.toMillis() / 1000);
        int resultDelay = Math.max(1, rate / 5);
        try (OrderFeed feed = new OrderFeed(stack.sandboxUrl(), stack.bootstrapServers())) {
            progress.accept("latency: opening %d payments in the sandbox".formatted(orders));
            List<BenchOrder> batch = feed.open(prefix, orders);
            progress.accept("latency: starting a worker");
            ProcessStack.Worker worker = stack.startWorker(ProcessStack.WORKER_GROUP, workerJvmOptions, workerArgs);
            try (ProcessSampler sampler =
                            new ProcessSampler(worker.process().pid(), worker.port(), stack::postgresServer);
                    CompletionWatcher watcher = new CompletionWatcher(stack.bootstrapServers(), prefix)) {
                progress.accept(
                        "latency: %d orders at %d/s (%d s warm-up)".formatted(orders, rate, warmUp.toSeconds()));
                Instant[] resultAt = new Instant[orders];
                long period = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int tick = 0; tick < orders + resultDelay; tick++) {
                    // pacing: the next arrival is due at start + tick * period
                    long due = start + tick * period;
                    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                    }
                    if (tick < orders) {
                        feed.issueAndCheckout(batch.get(tick));
                    }
                    int paid = tick - resultDelay;
                    if (paid >= 0) {
                        resultAt[paid] = feed.pgResult(batch.get(paid));
                    }
                }
                feed.flush();
                awaitCompletions(watcher, orders, "latency");
                Map<String, CompletionWatcher.Completion> completions = watcher.completions();
                double[] millis = new double[orders - warmUpOrders];
                for (int i = warmUpOrders; i < orders; i++) {
                    Instant completed = completions.get(batch.get(i).orderId()).at();
                    millis[i - warmUpOrders] =
                            Duration.between(resultAt[i], completed).toNanos() / 1e6;
                }
                Arrays.sort(millis);
                Instant from = resultAt[warmUpOrders];
                Instant to = resultAt[orders - 1];
                ProcessSampler.Usage usage = sampler.usage(from, to);
                Checks checks = checks(watcher, orders);
                return new Latency(
                        rate,
                        millis.length,
                        (orders - warmUpOrders - 1) / seconds(Duration.between(from, to)),
                        percentile(millis, 50),
                        percentile(millis, 95),
                        percentile(millis, 99),
                        millis[millis.length - 1],
                        usage,
                        checks);
            } finally {
                worker.process().stop();
            }
        }
    }

    private String nextPrefix(String kind) {
        return "%s%d-%d".formatted(kind, ++parts, System.currentTimeMillis() % 100_000);
    }

    private void awaitCompletions(CompletionWatcher watcher, int orders, String part) {
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> watcher.count() >= orders);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("%s: only %d of %d orders completed within %s (worker logs in %s)"
                    .formatted(part, watcher.count(), orders, PATIENCE, stack.runDir()));
        }
    }

    private Checks checks(CompletionWatcher watcher, int orders) {
        Map<String, Long> statuses = watcher.completions().values().stream()
                .collect(Collectors.groupingBy(
                        CompletionWatcher.Completion::status, TreeMap::new, Collectors.counting()));
        JsonNode ledger = ledger();
        List<String> twice = new ArrayList<>();
        ledger.get("ordersApprovedMoreThanOnce").forEach(n -> twice.add(n.asString()));
        return new Checks(
                orders,
                statuses,
                watcher.ordersWithSeveralCompletionIds(),
                ledger.get("approvals").asLong(),
                twice);
    }

    /**
     * Empties the sandbox (payments, idempotency keys, ledger) so that each part's ledger is its own, without
     * restarting it: a fresh JVM would spend the part's first minute compiling.
     */
    private void resetSandbox() {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(stack.sandboxUrl() + "/sandbox/v1/reset"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("the sandbox's reset answered " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot reset the sandbox", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode ledger() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(stack.sandboxUrl() + "/sandbox/v1/ledger"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the sandbox's ledger", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Instant firstApplied(String prefix) {
        return queryOne(
                "SELECT min(recorded_at) FROM order_timeline WHERE order_id LIKE ?", prefix, rs -> rs.getTimestamp(1)
                        .toInstant());
    }

    private long timelineRows(String prefix) {
        return queryOne("SELECT count(*) FROM order_timeline WHERE order_id LIKE ?", prefix, rs -> rs.getLong(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T queryOne(String sql, String prefix, Column<T> column) {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl());
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, prefix + "-%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return column.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the orders of the run", e);
        }
    }

    static double percentile(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
