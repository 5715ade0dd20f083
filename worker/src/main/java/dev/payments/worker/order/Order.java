package dev.payments.worker.order;

import dev.payments.schemas.OrderIssued;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An order as the state machine sees it: an immutable snapshot. Transitions return a new snapshot.
 *
 * @param reason why the order ended in FAIL or CANCEL: AMOUNT_MISMATCH, EXPIRED or the PG's code
 * @param refundedAmount what the PG gave back of the order's payment: the sum of its SUCCEEDED refunds, or more when
 *     the PG reports more cancelled than they account for (CANCELED_AT_PG)
 * @param refunds the order's refunds by refundId, as the consumer read them (only for batches whose events may concern
 *     refunds; see the processor)
 */
public record Order(
        String orderId,
        OrderStatus status,
        long amount,
        String currency,
        String orderName,
        String tokenHash,
        String customerName,
        String customerEmail,
        String paymentKey,
        String reason,
        OffsetDateTime approvedAt,
        Instant expiresAt,
        long refundedAmount,
        Map<String, Refund> refunds) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tokenHash, "tokenHash");
        refunds = refunds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(refunds));
    }

    /** An order without refunds. */
    public Order(
            String orderId,
            OrderStatus status,
            long amount,
            String currency,
            String orderName,
            String tokenHash,
            String customerName,
            String customerEmail,
            String paymentKey,
            String reason,
            OffsetDateTime approvedAt,
            Instant expiresAt) {
        this(
                orderId,
                status,
                amount,
                currency,
                orderName,
                tokenHash,
                customerName,
                customerEmail,
                paymentKey,
                reason,
                approvedAt,
                expiresAt,
                0,
                Map.of());
    }

    static Order issued(OrderIssued e) {
        return new Order(
                e.orderId(),
                OrderStatus.PREPAY,
                e.amount(),
                e.currency(),
                e.orderName(),
                e.tokenHash(),
                e.customerName(),
                e.customerEmail(),
                null,
                null,
                null,
                e.expiresAt());
    }

    /** True when {@code e} describes this very order (a retried issuance); expiresAt and event id may differ. */
    boolean sameContentAs(OrderIssued e) {
        return e.sameOrderAs(amount, currency, orderName, tokenHash);
    }

    Order withStatus(OrderStatus next) {
        return next(next, paymentKey, reason, approvedAt);
    }

    Order succeeded(String newPaymentKey) {
        return next(OrderStatus.SUCCESS, newPaymentKey, null, null);
    }

    Order ended(OrderStatus terminal, String endReason, String endPaymentKey) {
        return next(terminal, endPaymentKey, endReason, approvedAt);
    }

    Order completed(OffsetDateTime approved) {
        return next(OrderStatus.COMPLETE, paymentKey, null, approved);
    }

    /** The refund with this id, or null. */
    public Refund refund(String refundId) {
        return refunds.get(refundId);
    }

    /** What may still be refunded: the amount less what was refunded and what refunds still in flight ask for. */
    long refundableBalance() {
        return amount - refundedAmount - inFlightRefunds();
    }

    /** The sum of the refunds still REQUESTED. */
    long inFlightRefunds() {
        return refunds.values().stream()
                .filter(refund -> refund.status() == Refund.Status.REQUESTED)
                .mapToLong(Refund::amount)
                .sum();
    }

    /** The same order with {@code refund} recorded (added, or replacing the one with its id). */
    public Order withRefund(Refund refund) {
        Map<String, Refund> next = new LinkedHashMap<>(refunds);
        next.put(refund.refundId(), refund);
        return with(refundedAmount, next);
    }

    /** The same order with these refunds, as read from the database. */
    public Order withRefunds(Collection<Refund> read) {
        Map<String, Refund> next = new LinkedHashMap<>();
        read.forEach(refund -> next.put(refund.refundId(), refund));
        return with(refundedAmount, next);
    }

    Order withRefundedAmount(long refunded) {
        return with(refunded, refunds);
    }

    private Order with(long refunded, Map<String, Refund> refundsById) {
        return copy(status, paymentKey, reason, approvedAt, refunded, refundsById);
    }

    /** The same order in another state: only status, paymentKey, reason and approvedAt ever change this way. */
    private Order next(OrderStatus status, String paymentKey, String reason, OffsetDateTime approvedAt) {
        return copy(status, paymentKey, reason, approvedAt, refundedAmount, refunds);
    }

    /** A copy with what may change after issue; what the order is (who, how much, for what token) never does. */
    private Order copy(
            OrderStatus status,
            String paymentKey,
            String reason,
            OffsetDateTime approvedAt,
            long refunded,
            Map<String, Refund> refundsById) {
        return new Order(
                orderId,
                status,
                amount,
                currency,
                orderName,
                tokenHash,
                customerName,
                customerEmail,
                paymentKey,
                reason,
                approvedAt,
                expiresAt,
                refunded,
                refundsById);
    }
}
