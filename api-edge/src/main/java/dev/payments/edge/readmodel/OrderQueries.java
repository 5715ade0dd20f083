package dev.payments.edge.readmodel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the worker's {@code orders} and {@code order_timeline} tables. The edge never writes them: the worker is the
 * only source of truth for order state, so there is no second copy to keep in sync. (The connection pool opens its
 * sessions read-only as a second line of defence; production should also give the edge a read-only role.)
 */
@Repository
class OrderQueries {

    private final JdbcClient jdbc;

    OrderQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredOrder> find(String orderId) {
        return jdbc.sql("""
                        SELECT order_id, status, amount, currency, order_name, token_hash, payment_key, reason,
                               created_at, updated_at
                          FROM orders
                         WHERE order_id = :orderId
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> new StoredOrder(
                        new OrderView(
                                rs.getString("order_id"),
                                rs.getString("status"),
                                rs.getLong("amount"),
                                rs.getString("currency"),
                                rs.getString("order_name"),
                                rs.getString("payment_key"),
                                rs.getString("reason"),
                                instant(rs, "created_at"),
                                instant(rs, "updated_at")),
                        rs.getString("token_hash")))
                .optional();
    }

    /** The order's timeline in the order the worker read the events (by id), oldest first. */
    List<TimelineEntry> timeline(String orderId) {
        return jdbc.sql("""
                        SELECT event_id, event_type, result, reason, status, recorded_at
                          FROM order_timeline
                         WHERE order_id = :orderId
                         ORDER BY id
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> new TimelineEntry(
                        rs.getString("event_id"),
                        rs.getString("event_type"),
                        rs.getString("result"),
                        rs.getString("reason"),
                        rs.getString("status"),
                        instant(rs, "recorded_at")))
                .list();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An order with the hash its token must match. */
    record StoredOrder(OrderView view, String tokenHash) {}
}
