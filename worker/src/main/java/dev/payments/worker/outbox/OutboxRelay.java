package dev.payments.worker.outbox;

import dev.payments.support.logging.OrderLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one publish path of the worker: publishes committed outbox rows to Kafka, in id order, and deletes them once the
 * broker has acknowledged them (acks=all) within {@code payments.outbox.send-timeout}; a batch that is not
 * acknowledged in time rolls back and is sent again after a back-off. A crash between the ack and the delete publishes
 * a row again: every record the worker emits carries a deterministic or unique CloudEvents id (a completion's is
 * {@code <orderId>:completion}), so its reader sees it once — the worker's event-id log for events fed back to
 * order-events, a shop's consumer for completions. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several
 * worker instances relay side by side without publishing a row twice.
 *
 * <p>For completions it also records {@value #COMPLETION_LATENCY}: from the CloudEvents {@code time} of the event that
 * ended the order (the PG result accepted by the edge, the PG's confirm answer, a verified PG status, an expiry) to
 * the broker's ack of the completion, i.e. how long a shop waits on us once the PG has spoken.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Micrometer name; Prometheus: {@code payments_completion_latency_seconds_bucket/_count/_sum}. */
    public static final String COMPLETION_LATENCY = "payments.completion.latency";

    /** Histogram buckets an operator can put SLOs on (Prometheus {@code le} labels). */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final JsonMapper mapper;
    private final OutboxProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Counter published;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            OutboxKafkaTemplate kafka,
            JsonMapper mapper,
            OutboxProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka.template();
        this.mapper = mapper;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.published = Counter.builder("payments.outbox.published")
                .description("Outbox records published to Kafka")
                .register(meters);
        Gauge.builder("payments.outbox.backlog", this, OutboxRelay::backlog)
                .description("Outbox records committed but not yet published")
                .register(meters);
    }

    /** Ask for a relay pass now (called after a transaction that added rows commits). */
    public void wakeUp() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Publishes one batch; returns how many rows it published. Visible for tests and benchmarks. */
    public int publishBatch() {
        Published batch = transactions.execute(status -> {
            List<Row> rows = jdbc.sql("""
                            SELECT id, topic, message_key, payload, headers, latency_origin, latency_trigger
                            FROM outbox_messages ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                    .param("limit", properties.batchSize())
                    .query((rs, i) -> new Row(
                            rs.getLong("id"),
                            rs.getString("topic"),
                            rs.getBytes("message_key"),
                            rs.getBytes("payload"),
                            rs.getString("headers"),
                            instant(rs.getTimestamp("latency_origin")),
                            rs.getString("latency_trigger")))
                    .list();
            if (rows.isEmpty()) {
                return new Published(List.of(), null);
            }
            CompletableFuture<?>[] acks = rows.stream()
                    .map(row -> kafka.send(new ProducerRecord<>(
                            row.topic(), null, row.key(), row.payload(), OutboxHeaders.read(mapper, row.headers()))))
                    .toArray(CompletableFuture[]::new);
            await(CompletableFuture.allOf(acks), properties.sendTimeout());
            Instant acknowledgedAt = clock.instant();
            jdbc.sql("DELETE FROM outbox_messages WHERE id IN (:ids)")
                    .param("ids", rows.stream().map(Row::id).toList())
                    .update();
            return new Published(rows, acknowledgedAt);
        });
        if (batch == null || batch.rows().isEmpty()) {
            return 0;
        }
        // only once the delete committed: a batch that rolls back is published (and timed) again
        published.increment(batch.rows().size());
        batch.rows().stream()
                .filter(row -> row.latencyOrigin() != null)
                .forEach(row -> completed(row, batch.acknowledgedAt()));
        return batch.rows().size();
    }

    /** A completion is in Kafka: time it and say so, in the order's log context. */
    private void completed(Row row, Instant acknowledgedAt) {
        Duration latency = nonNegative(Duration.between(row.latencyOrigin(), acknowledgedAt));
        completionLatency(row.latencyTrigger()).record(latency);
        String orderId = row.key() == null ? null : new String(row.key(), StandardCharsets.UTF_8);
        try (var logContext = OrderLogContext.order(orderId)) {
            log.info(
                    "Completion of order {} published, {} ms after the PG result ({})",
                    OrderLogContext.isOrderId(orderId) ? orderId : "?",
                    latency.toMillis(),
                    row.latencyTrigger());
        }
    }

    private Timer completionLatency(String trigger) {
        return Timer.builder(COMPLETION_LATENCY)
                .description("From the PG result (the event that ended the order) reaching us to the broker's ack of"
                        + " the order's completion")
                .tag("trigger", trigger == null ? "unknown" : trigger)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(meters);
    }

    /** The event's time comes from another host's clock (the edge, a shop): a little skew must not break a bucket. */
    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    long backlog() {
        try {
            return jdbc.sql("SELECT count(*) FROM outbox_messages")
                    .query(Long.class)
                    .single();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void loop() {
        Duration backoff = properties.pollInterval();
        while (running) {
            try {
                signal.tryAcquire(backoff.toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
                while (running && publishBatch() == properties.batchSize()) {
                    // a full batch: there may be more behind it
                }
                backoff = properties.pollInterval();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoff = min(backoff.multipliedBy(2), properties.maxBackoff());
                log.warn("Outbox relay pass failed, retrying in {}: {}", backoff, e.toString());
            }
        }
    }

    private static void await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        } catch (Exception e) {
            throw new IllegalStateException("outbox batch not acknowledged by Kafka", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon(true).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(properties.sendTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record Row(
            long id,
            String topic,
            byte[] key,
            byte[] payload,
            String headers,
            Instant latencyOrigin,
            String latencyTrigger) {}

    private record Published(List<Row> rows, Instant acknowledgedAt) {}
}
