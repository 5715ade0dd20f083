package dev.payments.worker.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads what the worker committed to its outbox, for tests that run without the relay. */
public final class OutboxRows {

    private OutboxRows() {}

    /** The payloads of the outbox rows for {@code topic} keyed by {@code orderId}, in the order the relay sends them. */
    public static List<byte[]> payloads(JdbcClient jdbc, String topic, String orderId) {
        return jdbc.sql("SELECT payload FROM outbox_messages WHERE topic = :topic AND message_key = :key ORDER BY id")
                .param("topic", topic)
                .param("key", orderId.getBytes(StandardCharsets.UTF_8))
                .query((rs, row) -> rs.getBytes("payload"))
                .list();
    }
}
