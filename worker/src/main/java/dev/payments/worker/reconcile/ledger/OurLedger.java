package dev.payments.worker.reconcile.ledger;

import dev.payments.worker.reconcile.ledger.OurRecords.Order;
import dev.payments.worker.reconcile.ledger.OurRecords.OrderState;
import dev.payments.worker.reconcile.ledger.OurRecords.Refund;
import dev.payments.worker.reconcile.ledger.OurRecords.RefundState;
import dev.payments.worker.reconcile.ledger.OurRecords.StatusCheck;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Our side of reconciliation, read with plain JDBC (a batch path: one statement per table per page of PG rows, the
 * orderIds as an array). Reads only, without locks: the consumer owns these rows, and reconciliation never writes them.
 */
@Component
class OurLedger {

    private static final String ORDER_COLUMNS =
            "order_id, status, amount, payment_key, refunded_amount, approved_at, reason";
    private static final String REFUND_COLUMNS =
            "order_id, refund_id, status, amount, initiator, payment_key, transaction_key, completed_at";

    private final JdbcClient jdbc;

    OurLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What we hold about {@code orderIds}: four statements, whatever their number. */
    OurRecords recordsOf(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return new OurRecords(Map.of(), Map.of(), Map.of(), Map.of());
        }
        String[] ids = orderIds.toArray(String[]::new);
        Map<String, Order> orders = new HashMap<>();
        jdbc.sql("SELECT " + ORDER_COLUMNS + " FROM orders WHERE order_id = ANY(:ids::text[])")
                .param("ids", ids)
                .query(OurLedger::order)
                .list()
                .forEach(order -> orders.put(order.orderId(), order));
        Map<String, List<Refund>> refunds = new HashMap<>();
        jdbc.sql("SELECT " + REFUND_COLUMNS + " FROM refunds WHERE order_id = ANY(:ids::text[])")
                .param("ids", ids)
                .query(OurLedger::refund)
                .list()
                .forEach(refund -> refunds.computeIfAbsent(refund.orderId(), id -> new ArrayList<>())
                        .add(refund));
        Map<String, String> depositCancels = new HashMap<>();
        jdbc.sql("SELECT order_id, payment_key FROM pg_deposit_cancels WHERE order_id = ANY(:ids::text[])")
                .param("ids", ids)
                .query((rs, row) -> Map.entry(rs.getString("order_id"), rs.getString("payment_key")))
                .list()
                .forEach(cancel -> depositCancels.put(cancel.getKey(), cancel.getValue()));
        Map<String, StatusCheck> checks = new HashMap<>();
        jdbc.sql("SELECT order_id, state, updated_at FROM pg_status_checks WHERE order_id = ANY(:ids::text[])")
                .param("ids", ids)
                .query((rs, row) -> new StatusCheck(
                        rs.getString("order_id"), "PENDING".equals(rs.getString("state")), instant(rs, "updated_at")))
                .list()
                .forEach(check -> checks.put(check.orderId(), check));
        return new OurRecords(orders, refunds, depositCancels, checks);
    }

    /** The COMPLETE orders approved inside {@code window} (index orders_complete_by_approval_idx). */
    List<Order> completedIn(Window window) {
        return jdbc.sql("SELECT " + ORDER_COLUMNS + """
                         FROM orders
                        WHERE status = 'COMPLETE' AND approved_at >= :start AND approved_at < :end""")
                .param("start", utc(window.start()))
                .param("end", utc(window.end()))
                .query(OurLedger::order)
                .list();
    }

    /** The refunds that SUCCEEDED inside {@code window} (index refunds_succeeded_by_completion_idx). */
    List<Refund> refundedIn(Window window) {
        return jdbc.sql("SELECT " + REFUND_COLUMNS + """
                         FROM refunds
                        WHERE status = 'SUCCEEDED' AND completed_at >= :start AND completed_at < :end""")
                .param("start", utc(window.start()))
                .param("end", utc(window.end()))
                .query(OurLedger::refund)
                .list();
    }

    private static Order order(ResultSet rs, int row) throws SQLException {
        return new Order(
                rs.getString("order_id"),
                OrderState.valueOf(rs.getString("status")),
                rs.getLong("amount"),
                rs.getString("payment_key"),
                rs.getLong("refunded_amount"),
                instant(rs, "approved_at"),
                rs.getString("reason"));
    }

    private static Refund refund(ResultSet rs, int row) throws SQLException {
        return new Refund(
                rs.getString("order_id"),
                rs.getString("refund_id"),
                RefundState.valueOf(rs.getString("status")),
                rs.getLong("amount"),
                "WORKER".equals(rs.getString("initiator")),
                rs.getString("payment_key"),
                rs.getString("transaction_key"),
                instant(rs, "completed_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
