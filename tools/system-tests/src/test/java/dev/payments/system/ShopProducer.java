package dev.payments.system;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.Topics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes to payments.order-events the way a shop's own producer would: key = orderId, CloudEvents JSON value. */
final class ShopProducer implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private final KafkaProducer<byte[], byte[]> producer;

    ShopProducer(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    void send(CloudEvent<? extends EventData> event) {
        sendRaw(event.subject().getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes(event));
    }

    static byte[] bytes(CloudEvent<? extends EventData> event) {
        return MAPPER.writeValueAsBytes(event);
    }

    void sendRaw(byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + Topics.ORDER_EVENTS, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
