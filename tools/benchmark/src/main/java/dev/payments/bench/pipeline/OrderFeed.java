package dev.payments.bench.pipeline;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the shop and the buyer: opens each order's payment in the sandbox (the buyer paid in the window; the sandbox
 * approves its confirm), and writes the order's events to {@code payments.order-events} as a shop's producer would:
 * {@code payment.order.issued}, {@code payment.checkout.started}, and the PG's {@code payment.pg.result} SUCCESS.
 */
final class OrderFeed implements AutoCloseable {

    static final String SOURCE = "/benchmark";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();
    private static final int SESSION_CONCURRENCY = 32;

    private final String sandboxUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> refused = new AtomicReference<>();

    OrderFeed(String sandboxUrl, String bootstrapServers) {
        this.sandboxUrl = sandboxUrl;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        2,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Opens {@code count} paid payments in the sandbox, orders {@code <prefix>-000000} onwards. */
    List<BenchOrder> open(String prefix, int count) {
        Semaphore permits = new Semaphore(SESSION_CONCURRENCY);
        List<Future<BenchOrder>> opening = new ArrayList<>(count);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String orderId = "%s-%06d".formatted(prefix, i);
                long amount = 1_000 + (i % 50) * 100L;
                opening.add(threads.submit(() -> {
                    permits.acquire();
                    try {
                        return open(orderId, amount);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<BenchOrder> orders = new ArrayList<>(count);
            for (Future<BenchOrder> order : opening) {
                orders.add(order.get());
            }
            return orders;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening payments", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the sandbox did not open a payment: " + e.getCause(), e.getCause());
        }
    }

    private BenchOrder open(String orderId, long amount) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of(
                "orderId", orderId,
                "amount", amount,
                "orderName", "Benchmark order",
                "outcome", "PAY",
                "successUrl", "http://localhost/pg/success",
                "failUrl", "http://localhost/pg/fail"));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/v1/sessions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "sandbox session for " + orderId + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode session = JSON.readTree(response.body());
        return new BenchOrder(
                orderId,
                amount,
                "bench-token-" + orderId,
                session.get("paymentKey").asString());
    }

    /** The shop issued the order and its buyer started checkout. */
    void issueAndCheckout(BenchOrder order) {
        Instant now = Instant.now();
        send(new OrderIssued(
                order.orderId(),
                order.amount(),
                "KRW",
                "Benchmark order",
                TokenHash.of(order.token()),
                now.plus(30, ChronoUnit.MINUTES),
                null,
                null));
        send(new CheckoutStarted(order.orderId(), order.token()));
    }

    /** The PG redirected the buyer back with a success; returns the event's time (where latency is counted from). */
    Instant pgResult(BenchOrder order) {
        return send(PgResult.success(
                        order.orderId(), order.token(), PgResult.Channel.REDIRECT, order.paymentKey(), order.amount()))
                .time();
    }

    /** Waits until every event sent so far is acknowledged by the broker; fails if the broker refused one. */
    void flush() {
        producer.flush();
        if (refused.get() != null) {
            throw new IllegalStateException("Kafka refused a benchmark event", refused.get());
        }
    }

    private CloudEvent<EventData> send(EventData data) {
        CloudEvent<EventData> event = CloudEvent.of(UUID.randomUUID().toString(), SOURCE, Instant.now(), data);
        producer.send(
                new ProducerRecord<>(
                        Topics.ORDER_EVENTS,
                        event.subject().getBytes(StandardCharsets.UTF_8),
                        JSON.writeValueAsBytes(event)),
                (metadata, failure) -> {
                    if (failure != null) {
                        refused.compareAndSet(null, failure);
                    }
                });
        return event;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
