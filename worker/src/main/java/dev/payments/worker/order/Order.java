package dev.payments.worker.order;

import dev.payments.schemas.OrderIssued;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An order as the state machine sees it: an immutable snapshot. Transitions return a new snapshot.
 *
 * @param reason why the order ended in FAIL or CANCEL: AMOUNT_MISMATCH, EXPIRED or the PG's code
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
        Instant expiresAt) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tokenHash, "tokenHash");
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

    /** The same order in another state: only status, paymentKey, reason and approvedAt ever change. */
    private Order next(OrderStatus status, String paymentKey, String reason, OffsetDateTime approvedAt) {
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
                expiresAt);
    }
}
