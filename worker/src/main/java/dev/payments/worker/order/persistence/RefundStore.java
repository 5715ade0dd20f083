package dev.payments.worker.order.persistence;

import dev.payments.worker.order.Refund;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code refunds} table, in plain JDBC: a poll batch reads the refunds of the orders it needs in one statement and
 * writes each new or changed refund once, in one JDBC batch. Statements run in the caller's transaction, which also
 * writes each such refund's order with a new version: the order's version fences its refunds too, so two consumers
 * can never both decide a refund against one balance.
 */
@Repository
public class RefundStore {

    /** A refund to write, under its order. */
    public record OrderRefund(String orderId, Refund refund) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    RefundStore(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /** The refunds of {@code orderIds}, by orderId, each order's oldest first; one round trip. */
    public Map<String, List<Refund>> load(Collection<String> orderIds) {
        Map<String, List<Refund>> found = new HashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        SELECT order_id, refund_id, status, amount, requested_amount, reason, initiator, payment_key,
                               code, message, transaction_key, request_event_id, requested_at, completed_at
                          FROM refunds
                         WHERE order_id = ANY(:ids::text[])
                         ORDER BY order_id, requested_at, refund_id""")
                .param("ids", orderIds.toArray(String[]::new))
                .query((rs, row) -> {
                    OffsetDateTime completedAt = rs.getObject("completed_at", OffsetDateTime.class);
                    Refund refund = new Refund(
                            rs.getString("refund_id"),
                            Refund.Status.valueOf(rs.getString("status")),
                            rs.getLong("amount"),
                            rs.getObject("requested_amount", Long.class),
                            rs.getString("reason"),
                            Refund.Initiator.valueOf(rs.getString("initiator")),
                            rs.getString("payment_key"),
                            rs.getString("code"),
                            rs.getString("message"),
                            rs.getString("transaction_key"),
                            rs.getString("request_event_id"),
                            rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
                            completedAt == null ? null : completedAt.toInstant());
                    return found.computeIfAbsent(rs.getString("order_id"), id -> new ArrayList<>())
                            .add(refund);
                })
                .list();
        return found;
    }

    /**
     * New refunds and changed ones, one batch: a refund is inserted once and afterwards only its outcome changes (a
     * REQUESTED refund SUCCEEDED or FAILED).
     */
    public void save(List<OrderRefund> refunds, Instant now) {
        if (refunds.isEmpty()) {
            return;
        }
        OffsetDateTime at = utc(now);
        batches.batchUpdate("""
                INSERT INTO refunds (order_id, refund_id, status, amount, requested_amount, reason, initiator,
                                     payment_key, code, message, transaction_key, request_event_id, requested_at,
                                     completed_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (order_id, refund_id) DO UPDATE
                   SET status = excluded.status, code = excluded.code, message = excluded.message,
                       transaction_key = excluded.transaction_key, completed_at = excluded.completed_at,
                       updated_at = excluded.updated_at""", new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                OrderRefund row = refunds.get(i);
                Refund refund = row.refund();
                ps.setString(1, row.orderId());
                ps.setString(2, refund.refundId());
                ps.setString(3, refund.status().name());
                ps.setLong(4, refund.amount());
                ps.setObject(5, refund.requestedAmount(), Types.BIGINT);
                ps.setString(6, refund.reason());
                ps.setString(7, refund.initiator().name());
                ps.setString(8, refund.paymentKey());
                ps.setString(9, refund.code());
                ps.setString(10, truncate(refund.message(), 500));
                ps.setString(11, refund.transactionKey());
                ps.setString(12, refund.requestEventId());
                ps.setObject(13, utc(refund.requestedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(14, utc(refund.completedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(15, at, Types.TIMESTAMP_WITH_TIMEZONE);
            }

            @Override
            public int getBatchSize() {
                return refunds.size();
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
