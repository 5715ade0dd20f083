package dev.payments.worker.order;

import dev.payments.schemas.RefundRequested;
import java.time.Instant;
import java.util.Objects;

/**
 * A refund under an order (docs/contract.md §2): REQUESTED while its cancel is being made at the PG, then SUCCEEDED or
 * FAILED, never again REQUESTED. An immutable snapshot; the state machine returns changed copies.
 *
 * @param amount the amount decided: what is cancelled at the PG; for a refusal, what was asked (0 when nothing was)
 * @param requestedAmount the amount as the request named it; null: the whole refundable balance
 * @param paymentKey the payment cancelled at the PG (null for a refusal of an order without one)
 * @param code why a FAILED refund failed: NOT_REFUNDABLE, REFUND_EXCEEDS_BALANCE or the PG's code
 * @param requestEventId the CloudEvents id of the request; null for a give-back
 */
public record Refund(
        String refundId,
        Status status,
        long amount,
        Long requestedAmount,
        String reason,
        Initiator initiator,
        String paymentKey,
        String code,
        String message,
        String transactionKey,
        String requestEventId,
        Instant requestedAt,
        Instant completedAt) {

    public enum Status {
        REQUESTED,
        SUCCEEDED,
        FAILED
    }

    /** Who asked for the refund. */
    public enum Initiator {
        /** The shop, through the edge or its own producer. */
        SHOP,
        /** The worker itself, giving back money the PG moved for an order that did not keep it. */
        WORKER
    }

    public Refund {
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(initiator, "initiator");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    static Refund requested(RefundRequested e, String eventId, long amount, String paymentKey, Instant now) {
        return new Refund(
                e.refundId(),
                Status.REQUESTED,
                amount,
                e.amount(),
                e.reason(),
                Initiator.SHOP,
                paymentKey,
                null,
                null,
                null,
                eventId,
                now,
                null);
    }

    static Refund refused(RefundRequested e, String eventId, String code, String paymentKey, Instant now) {
        return new Refund(
                e.refundId(),
                Status.FAILED,
                e.amount() == null ? 0 : e.amount(),
                e.amount(),
                e.reason(),
                Initiator.SHOP,
                paymentKey,
                code,
                null,
                null,
                eventId,
                now,
                now);
    }

    static Refund giveBack(String refundId, long amount, String reason, String paymentKey, Instant now) {
        return new Refund(
                refundId,
                Status.REQUESTED,
                amount,
                amount,
                reason,
                Initiator.WORKER,
                paymentKey,
                null,
                null,
                null,
                null,
                now,
                null);
    }

    /** Whether {@code e} asks for this very refund: the same amount (or none, both) and reason. */
    boolean sameRequestAs(RefundRequested e) {
        return Objects.equals(requestedAmount, e.amount()) && reason.equals(e.reason());
    }

    Refund succeeded(String pgTransactionKey, Instant at) {
        return new Refund(
                refundId,
                Status.SUCCEEDED,
                amount,
                requestedAmount,
                reason,
                initiator,
                paymentKey,
                null,
                null,
                pgTransactionKey,
                requestEventId,
                requestedAt,
                at);
    }

    Refund failed(String failureCode, String failureMessage, Instant at) {
        return new Refund(
                refundId,
                Status.FAILED,
                amount,
                requestedAmount,
                reason,
                initiator,
                paymentKey,
                failureCode,
                failureMessage,
                null,
                requestEventId,
                requestedAt,
                at);
    }
}
