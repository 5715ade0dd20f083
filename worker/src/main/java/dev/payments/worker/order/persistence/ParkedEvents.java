package dev.payments.worker.order.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code parked_events} table: events that wait for their order's issuance. Rows are written and removed by the
 * consumer's unit of work (and by the sweep that rejects the ones whose order never came), in the caller's
 * transaction. Ids come from {@code parked_events_seq}, one {@code nextval} per row in list order, so an order's parked
 * events read by id come back in arrival order.
 */
@Repository
public class ParkedEvents {

    private static final String COLUMNS =
            "id, event_id, order_id, event_type, payload, kafka_partition, kafka_offset, parked_at, fingerprint";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    ParkedEvents(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /** The order's parked events, in arrival order. */
    public List<ParkedEvent> ofOrder(String orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM parked_events WHERE order_id = :orderId ORDER BY id")
                .param("orderId", orderId)
                .query(ParkedEvents::row)
                .list();
    }

    /**
     * Up to {@code limit} events parked before {@code cutoff}, oldest first, locked for the caller's transaction. Rows
     * another transaction holds (the consumer applying them this moment) are skipped, never waited for.
     */
    public List<ParkedEvent> lockStale(Instant cutoff, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM parked_events
                        WHERE parked_at < :cutoff
                        ORDER BY id
                        LIMIT :limit
                          FOR UPDATE SKIP LOCKED""")
                .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query(ParkedEvents::row)
                .list();
    }

    /** Parks these events, in this order, one JDBC batch. */
    public void insert(List<ParkedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        batches.batchUpdate("""
                INSERT INTO parked_events (id, event_id, order_id, event_type, payload, kafka_partition,
                                           kafka_offset, parked_at, fingerprint)
                VALUES (nextval('parked_events_seq'), ?, ?, ?, ?, ?, ?, ?, ?)""", events, events.size(), (ps, event) -> {
            ps.setString(1, event.eventId());
            ps.setString(2, event.orderId());
            ps.setString(3, event.eventType());
            ps.setBytes(4, event.payload());
            ps.setObject(5, event.kafkaPartition(), Types.INTEGER);
            ps.setObject(6, event.kafkaOffset(), Types.BIGINT);
            ps.setObject(7, event.parkedAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(8, event.fingerprint());
        });
    }

    /**
     * Removes parked events that have been applied or rejected, in one statement.
     *
     * @throws ConcurrencyFailureException when some of them are already gone: another transaction (the sweep, a
     *     consumer left over from a rebalance) decided them first, so this one must not decide them again
     */
    public void delete(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        int deleted = jdbc.sql("DELETE FROM parked_events WHERE id = ANY(:ids::bigint[])")
                .param("ids", ids.toArray(Long[]::new))
                .update();
        if (deleted != ids.size()) {
            throw new ConcurrencyFailureException(
                    (ids.size() - deleted) + " parked events were decided by another transaction meanwhile");
        }
    }

    private static ParkedEvent row(ResultSet rs, int row) throws SQLException {
        return new ParkedEvent(
                rs.getLong("id"),
                rs.getString("event_id"),
                rs.getString("order_id"),
                rs.getString("event_type"),
                rs.getBytes("payload"),
                (Integer) rs.getObject("kafka_partition"),
                (Long) rs.getObject("kafka_offset"),
                rs.getObject("parked_at", OffsetDateTime.class).toInstant(),
                rs.getString("fingerprint"));
    }
}
