package dev.payments.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The sum of a topic's end offsets: how many records were ever written to it. One round trip to the broker, so a test
 * can check "nothing was written" around every single request, hundreds of times, in well under a second.
 */
public final class TopicOffsets implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    public TopicOffsets(String bootstrapServers, String topic) {
        this.consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    /** Records written to the topic so far (all partitions). */
    public long written() {
        return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
