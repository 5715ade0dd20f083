package dev.payments.edge.order;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the edge can see of an order before it passes a refund request on: the order's status, refundable balance and
 * payment method, and the refund already recorded under the requested refundId, read from the worker's {@code orders} and
 * {@code refunds} tables in one statement. Plain {@code JdbcClient}, like {@link IssuedOrders}: JPA is the read model's.
 */
@Repository
class RefundableOrders {

    static final String COMPLETE = "COMPLETE";

    /** The payment method Toss names a virtual account by. */
    static final String VIRTUAL_ACCOUNT = "가상계좌";

    private final JdbcClient jdbc;

    RefundableOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RefundableOrder> find(String orderId, String refundId) {
        return jdbc.sql("""
                        SELECT o.status, o.amount, o.refunded_amount, o.method,
                               o.va_account_number IS NOT NULL AS has_virtual_account,
                               (SELECT coalesce(sum(pending.amount), 0)
                                  FROM refunds pending
                                 WHERE pending.order_id = o.order_id
                                   AND pending.status = 'REQUESTED') AS requested_total,
                               r.refund_id IS NOT NULL AS recorded, r.requested_amount, r.reason
                          FROM orders o
                          LEFT JOIN refunds r ON r.order_id = o.order_id AND r.refund_id = :refundId
                         WHERE o.order_id = :orderId
                        """)
                .param("orderId", orderId)
                .param("refundId", refundId)
                .query((rs, row) -> new RefundableOrder(
                        rs.getString("status"),
                        rs.getLong("amount"),
                        rs.getLong("refunded_amount"),
                        rs.getLong("requested_total"),
                        VIRTUAL_ACCOUNT.equals(rs.getString("method")) || rs.getBoolean("has_virtual_account"),
                        rs.getBoolean("recorded")
                                ? new RecordedRefund(
                                        rs.getObject("requested_amount", Long.class), rs.getString("reason"))
                                : null))
                .optional();
    }

    /**
     * An order as far as refunds go.
     *
     * @param refundedAmount what succeeded refunds gave back (and what the PG reports cancelled beyond them)
     * @param requestedTotal the amounts of the order's refunds still being made at the PG
     * @param virtualAccount whether it was paid by virtual account (the PG named the method {@value #VIRTUAL_ACCOUNT},
     *     or issued an account): its refund needs the buyer's account to pay into
     * @param recorded the refund recorded under the requested refundId, or null
     */
    record RefundableOrder(
            String status,
            long amount,
            long refundedAmount,
            long requestedTotal,
            boolean virtualAccount,
            @Nullable RecordedRefund recorded) {

        boolean isComplete() {
            return COMPLETE.equals(status);
        }

        /** The order's amount minus what was refunded and what is being refunded (docs/contract.md §2). */
        long balance() {
            return Math.max(0, amount - refundedAmount - requestedTotal);
        }
    }

    /** A refund the worker recorded, as it was requested: its amount (null: none named) and reason. */
    record RecordedRefund(@Nullable Long requestedAmount, String reason) {}
}
