package dev.payments.worker.order.persistence;

import dev.payments.schemas.VirtualAccount;
import dev.payments.worker.order.Order;
import dev.payments.worker.order.OrderStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code orders} table, in plain JDBC: a poll batch reads all its orders in one statement and writes each changed
 * order once, in one JDBC batch, however many of its events the batch applied. Statements run in the caller's
 * transaction.
 *
 * <p>Only the order-events consumer writes orders. An update names the version the transaction read; a row whose
 * version moved on was written by another consumer (one left over from a rebalance), and the whole transaction fails
 * with an {@link OptimisticLockingFailureException} instead of overwriting the newer state.
 */
@Repository
public class OrderStore {

    private static final String COLUMNS = "order_id, status, amount, currency, order_name, token_hash, customer_name,"
            + " customer_email, payment_key, reason, approved_at, expires_at, method, va_bank_code, va_account_number,"
            + " va_customer_name, va_due_date, deposit_secret_hash, refunded_amount, version";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    OrderStore(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /** The stored orders among {@code orderIds}, by orderId; one round trip. */
    public Map<String, StoredOrder> load(Collection<String> orderIds) {
        Map<String, StoredOrder> found = new HashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = ANY(:ids::text[])")
                .param("ids", orderIds.toArray(String[]::new))
                .query((rs, row) -> {
                    Order order = new Order(
                            rs.getString("order_id"),
                            OrderStatus.valueOf(rs.getString("status")),
                            rs.getLong("amount"),
                            rs.getString("currency"),
                            rs.getString("order_name"),
                            rs.getString("token_hash"),
                            rs.getString("customer_name"),
                            rs.getString("customer_email"),
                            rs.getString("payment_key"),
                            rs.getString("reason"),
                            rs.getObject("approved_at", OffsetDateTime.class),
                            rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                            rs.getString("method"),
                            virtualAccount(rs),
                            rs.getString("deposit_secret_hash"),
                            rs.getLong("refunded_amount"),
                            Map.of());
                    return found.put(order.orderId(), new StoredOrder(order, rs.getLong("version")));
                })
                .list();
        return found;
    }

    /** The order's virtual account, or null when the PG issued none (an account always has its number). */
    private static VirtualAccount virtualAccount(ResultSet rs) throws SQLException {
        String accountNumber = rs.getString("va_account_number");
        return accountNumber == null
                ? null
                : new VirtualAccount(
                        rs.getString("va_bank_code"),
                        accountNumber,
                        rs.getString("va_customer_name"),
                        rs.getObject("va_due_date", OffsetDateTime.class));
    }

    /** New orders (version 0), one batch. */
    public void insert(List<Order> created, Instant now) {
        if (created.isEmpty()) {
            return;
        }
        OffsetDateTime at = utc(now);
        batches.batchUpdate("""
                INSERT INTO orders (status, amount, currency, order_name, token_hash, customer_name, customer_email,
                                    payment_key, reason, approved_at, expires_at, updated_at, refunded_amount,
                                    method, va_bank_code, va_account_number, va_customer_name, va_due_date,
                                    deposit_secret_hash, order_id, created_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""", new OrderSetter(created, at) {
            @Override
            void setKey(PreparedStatement ps, int i, int next) throws SQLException {
                ps.setString(next, created.get(i).orderId());
                ps.setObject(next + 1, at, Types.TIMESTAMP_WITH_TIMEZONE);
            }
        });
    }

    /**
     * Changed orders, one batch; each row only if it still has the version this transaction read.
     *
     * @throws OptimisticLockingFailureException when any of them was changed by someone else since
     */
    public void update(List<StoredOrder> changed, Instant now) {
        if (changed.isEmpty()) {
            return;
        }
        List<Order> orders = changed.stream().map(StoredOrder::order).toList();
        int[] counts = batches.batchUpdate("""
                UPDATE orders SET status = ?, amount = ?, currency = ?, order_name = ?, token_hash = ?,
                                  customer_name = ?, customer_email = ?, payment_key = ?, reason = ?, approved_at = ?,
                                  expires_at = ?, updated_at = ?, refunded_amount = ?, method = ?, va_bank_code = ?,
                                  va_account_number = ?, va_customer_name = ?, va_due_date = ?,
                                  deposit_secret_hash = ?, version = version + 1
                 WHERE order_id = ? AND version = ?""", new OrderSetter(orders, utc(now)) {
            @Override
            void setKey(PreparedStatement ps, int i, int next) throws SQLException {
                ps.setString(next, changed.get(i).order().orderId());
                ps.setLong(next + 1, changed.get(i).version());
            }
        });
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                throw new OptimisticLockingFailureException(
                        "order " + changed.get(i).order().orderId() + " was changed by another consumer since version "
                                + changed.get(i).version());
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Binds an order's state (parameters 1-19, the same for insert and update), then its key columns. */
    private abstract static class OrderSetter implements BatchPreparedStatementSetter {
        private final List<Order> orders;
        private final OffsetDateTime now;

        OrderSetter(List<Order> orders, OffsetDateTime now) {
            this.orders = orders;
            this.now = now;
        }

        @Override
        public final void setValues(PreparedStatement ps, int i) throws SQLException {
            Order order = orders.get(i);
            ps.setString(1, order.status().name());
            ps.setLong(2, order.amount());
            ps.setString(3, order.currency());
            ps.setString(4, order.orderName());
            ps.setString(5, order.tokenHash());
            ps.setString(6, order.customerName());
            ps.setString(7, order.customerEmail());
            ps.setString(8, order.paymentKey());
            ps.setString(9, order.reason());
            ps.setObject(10, order.approvedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(11, utc(order.expiresAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(12, now, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setLong(13, order.refundedAmount());
            ps.setString(14, order.method());
            VirtualAccount account = order.virtualAccount();
            ps.setString(15, account == null ? null : account.bankCode());
            ps.setString(16, account == null ? null : account.accountNumber());
            ps.setString(17, account == null ? null : account.customerName());
            ps.setObject(18, account == null ? null : account.dueDate(), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(19, order.depositSecretHash());
            setKey(ps, i, 20);
        }

        abstract void setKey(PreparedStatement ps, int i, int next) throws SQLException;

        @Override
        public final int getBatchSize() {
            return orders.size();
        }
    }
}
