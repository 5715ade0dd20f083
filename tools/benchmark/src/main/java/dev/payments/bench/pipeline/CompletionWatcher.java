package dev.payments.bench.pipeline;

import dev.payments.schemas.EventType;
import dev.payments.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code payments.completions} from where it ends now, as a shop would, and keeps each benchmark order's
 * completion: the record's timestamp (when the worker's relay produced it), its status, and how many distinct
 * completion ids the order got (must be one).
 */
final class CompletionWatcher implements AutoCloseable {

    /** One order's completion. */
    record Completion(Instant at, String status) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String prefix;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Completion> completions = new ConcurrentHashMap<>();
    private final Map<String, java.util.Set<String>> ids = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts reading at the current end of the topic; keeps the completions of orders whose id starts with prefix. */
    CompletionWatcher(String bootstrapServers, String prefix) {
        this.prefix = prefix;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "benchmark-watcher-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        20),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMPLETIONS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(Topics.COMPLETIONS, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().name("completion-watcher").daemon(true).start(this::read);
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records.incrementAndGet();
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(record.value());
                    // the topic also carries the worker's other records for shops (payment.order.anomaly)
                    if (!EventType.ORDER_COMPLETED
                            .type()
                            .equals(event.path("type").asString(null))) {
                        continue;
                    }
                    ids.computeIfAbsent(record.key(), k -> ConcurrentHashMap.newKeySet())
                            .add(event.get("id").asString());
                    completions.putIfAbsent(
                            record.key(),
                            new Completion(
                                    Instant.ofEpochMilli(record.timestamp()),
                                    event.get("data").get("status").asString()));
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    int count() {
        return completions.size();
    }

    Map<String, Completion> completions() {
        return Map.copyOf(completions);
    }

    /** Orders that got more than one distinct completion id (must be none). */
    long ordersWithSeveralCompletionIds() {
        return ids.values().stream().filter(s -> s.size() > 1).count();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
