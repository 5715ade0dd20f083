package dev.payments.worker.testing;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** A row of {@code outbox_messages}, as the relay would publish it: topic, record key and value. */
public record OutboxRow(String topic, String key, byte[] payload) {

    /** The rows keyed by {@code orderId}, in the order the relay publishes them. */
    public static List<OutboxRow> of(JdbcClient jdbc, String orderId) {
        return jdbc.sql("SELECT topic, message_key, payload FROM outbox_messages WHERE message_key = ? ORDER BY id")
                .param(orderId.getBytes(StandardCharsets.UTF_8))
                .query((rs, row) -> new OutboxRow(
                        rs.getString("topic"),
                        new String(rs.getBytes("message_key"), StandardCharsets.UTF_8),
                        rs.getBytes("payload")))
                .list();
    }

    /** The payloads of the rows for {@code topic} keyed by {@code orderId}, in the order the relay publishes them. */
    public static List<byte[]> payloads(JdbcClient jdbc, String topic, String orderId) {
        return of(jdbc, orderId).stream()
                .filter(row -> row.topic().equals(topic))
                .map(OutboxRow::payload)
                .toList();
    }

    /** The value read as the CloudEvent the consumer will read. */
    public <T extends EventData> CloudEvent<T> event(JsonMapper json, Class<T> data) {
        return json.readValue(payload, json.getTypeFactory().constructParametricType(CloudEvent.class, data));
    }
}
