package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * {@code payment.pg.status}: what the PG says a payment's status is — from a webhook, which the edge always publishes
 * as a hint ({@link Verification#NONE}, whether or not the webhook was signed), or from the worker reading the payment
 * from the PG API. Only a verified status changes an order; an unverified one makes the worker read the payment from
 * the PG and publish what the PG answers.
 *
 * @param paymentKey the PG's paymentKey, or null when the source names none: a {@code DEPOSIT_CALLBACK} webhook
 *     carries only the orderId, so its hint has no paymentKey
 * @param status the PG's payment status: READY, IN_PROGRESS, WAITING_FOR_DEPOSIT, DONE, ABORTED, EXPIRED, CANCELED,
 *     PARTIAL_CANCELED, ...
 * @param totalAmount the amount the PG holds for the payment, KRW won
 * @param transmissionId the webhook's {@code tosspayments-webhook-transmission-id}, when it came by webhook
 * @param balanceAmount what the payment still holds at the PG (its total less every cancel), when the PG said: with
 *     {@code totalAmount} it tells how much was cancelled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PgStatus(
        String orderId,
        String paymentKey,
        String status,
        Long totalAmount,
        OffsetDateTime approvedAt,
        Verification verification,
        String transmissionId,
        Long balanceAmount)
        implements EventData {

    /** A status that names no balance (a webhook's hint, an event written before balances were carried). */
    public PgStatus(
            String orderId,
            String paymentKey,
            String status,
            Long totalAmount,
            OffsetDateTime approvedAt,
            Verification verification,
            String transmissionId) {
        this(orderId, paymentKey, status, totalAmount, approvedAt, verification, transmissionId, null);
    }

    /** How much the PG says was cancelled of the payment: its total less its balance; 0 when it named either not. */
    public long canceledAmount() {
        return totalAmount == null || balanceAmount == null ? 0 : Math.max(0, totalAmount - balanceAmount);
    }

    /** How the status is known to be the PG's. */
    public enum Verification {
        /**
         * A webhook whose HMAC signature verified with the configured webhook secret. Kept for compatibility with
         * events already written; the edge no longer emits it (a signature proves the sender, not the payment).
         */
        SIGNATURE,
        /** Read by the worker from the PG API. */
        LOOKUP,
        /** A webhook, signed or not: a hint only. */
        NONE
    }

    /** {@link #status} as the enum readers dispatch on ({@link PgPaymentStatus#OTHER} when unknown). */
    public PgPaymentStatus paymentStatus() {
        return PgPaymentStatus.of(status);
    }

    public boolean verified() {
        return verification == Verification.SIGNATURE || verification == Verification.LOOKUP;
    }
}
