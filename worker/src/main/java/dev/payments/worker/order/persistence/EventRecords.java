package dev.payments.worker.order.persistence;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The insert-only record of what the worker read: the event-id log ({@code processed_events}: the ids applied events
 * claimed) and the orders' timelines ({@code order_timeline}), each written as one JDBC batch per transaction (a multi-row INSERT with
 * {@code reWriteBatchedInserts}) on the caller's transaction's connection.
 *
 * <p>Timeline ids come from {@code order_timeline_seq}, one {@code nextval} per row in the order the rows are given, so
 * an order's timeline read by id is the order its records were read in. The sequence counts in steps of 50, as
 * Hibernate's pooled generator wants; each {@code nextval} here takes a whole step for its one row, so ids never
 * collide with an instance of an older version that still allocates 50 ids per call.
 */
@Repository
public class EventRecords {

    private final JdbcTemplate jdbc;

    EventRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records these applied events, each claiming its id with its fingerprint; a second record of an event id fails
     * the transaction (primary key).
     */
    public void processed(List<ProcessedEvent> events, Instant now) {
        if (events.isEmpty()) {
            return;
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        jdbc.batchUpdate(
                "INSERT INTO processed_events (event_id, order_id, processed_at, fingerprint) VALUES (?, ?, ?, ?)",
                events,
                events.size(),
                (ps, event) -> {
                    ps.setString(1, event.eventId());
                    ps.setString(2, event.orderId());
                    ps.setObject(3, at, Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setString(4, event.fingerprint());
                });
    }

    /** Appends these timeline rows, in this order. */
    public void timeline(List<TimelineEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        jdbc.batchUpdate("""
                INSERT INTO order_timeline (id, order_id, event_id, event_type, event_source, result, reason, status,
                                            kafka_partition, kafka_offset, recorded_at)
                VALUES (nextval('order_timeline_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entries, entries.size(), (ps, entry) -> {
            ps.setString(1, entry.orderId());
            ps.setString(2, entry.eventId());
            ps.setString(3, entry.eventType());
            ps.setString(4, entry.eventSource());
            ps.setString(5, entry.result());
            ps.setString(6, entry.reason());
            ps.setString(7, entry.status() == null ? null : entry.status().name());
            ps.setObject(8, entry.kafkaPartition(), Types.INTEGER);
            ps.setObject(9, entry.kafkaOffset(), Types.BIGINT);
            ps.setObject(10, at, Types.TIMESTAMP_WITH_TIMEZONE);
        });
    }
}
