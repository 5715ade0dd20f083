package dev.payments.system;

import static org.awaitility.Awaitility.await;

import dev.payments.schemas.EventType;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.KafkaRecords;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Reads what the system did to an order: its row, its timeline, its completion records. */
final class OrderProbe {

    record TimelineRow(String eventId, String type, String result, String reason, String status, Long offset) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SystemUnderTest stack;
    private final JdbcClient jdbc;

    OrderProbe(SystemUnderTest stack) {
        this.stack = stack;
        this.jdbc = stack.jdbc();
    }

    Optional<String> status(String orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE order_id = ?")
                .param(orderId)
                .query(String.class)
                .optional();
    }

    String reason(String orderId) {
        return jdbc.sql("SELECT reason FROM orders WHERE order_id = ?")
                .param(orderId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    void awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(status(orderId))
                        .contains(status));
    }

    List<TimelineRow> timeline(String orderId) {
        return jdbc.sql("""
                        SELECT event_id, event_type, result, reason, status, kafka_offset
                        FROM order_timeline WHERE order_id = ? ORDER BY id""")
                .param(orderId)
                .query((rs, i) -> new TimelineRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, Long.class)))
                .list();
    }

    void awaitTimelineSize(String orderId, int rows) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(timeline(orderId))
                        .hasSize(rows));
    }

    /**
     * The order's completion records: those of type {@code payment.order.completed}, as a shop reads them; the topic
     * also carries other records of the order (a money anomaly's {@code payment.order.anomaly}).
     */
    List<ConsumerRecord<String, String>> completions(String orderId) {
        return records(orderId, EventType.ORDER_COMPLETED);
    }

    /** The order's {@code payment.refund.completed} records, as a shop reads them from payments.completions. */
    List<ConsumerRecord<String, String>> refundRecords(String orderId) {
        return records(orderId, EventType.REFUND_COMPLETED);
    }

    /** The order's records of one type on payments.completions, in the order the shop reads them. */
    List<ConsumerRecord<String, String>> records(String orderId, EventType type) {
        return KafkaRecords.readAll(stack.bootstrapServers(), Topics.COMPLETIONS, orderId).stream()
                .filter(r ->
                        type.type().equals(JSON.readTree(r.value()).path("type").asString(null)))
                .toList();
    }

    /**
     * How often the worker asked for a look-up of the order's payment on a hint or for the reconciler (0 if never).
     * The request is written in the transaction that records the event asking for it.
     */
    long statusChecksRequested(String orderId) {
        return jdbc.sql("SELECT requests FROM pg_status_checks WHERE order_id = ?")
                .param(orderId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** Whether a look-up the worker asked for is still to be made (false when none was ever asked for). */
    boolean statusCheckPending(String orderId) {
        return jdbc.sql("SELECT count(*) FROM pg_status_checks WHERE order_id = ? AND state = 'PENDING'")
                        .param(orderId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void awaitCompletions(String orderId, int count) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(completions(orderId))
                        .hasSize(count));
    }
}
