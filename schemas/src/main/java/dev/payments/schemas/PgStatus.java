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
 * @param secret the payment's secret as a webhook carried it (a deposit callback's {@code secret}, a virtual-account
 *     Payment's {@code data.secret}): the worker compares it, in constant time, with the one the confirm answer
 *     returned before it asks the PG about a virtual account's payment. Null in the worker's own look-ups
 * @param method the payment method as the PG names it ({@code 카드}, {@code 가상계좌}, ...), when it said
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
        Long balanceAmount,
        String secret,
        String method)
        implements EventData {

    /** A status that names no secret and no method. */
    public PgStatus(
            String orderId,
            String paymentKey,
            String status,
            Long totalAmount,
            OffsetDateTime approvedAt,
            Verification verification,
            String transmissionId,
            Long balanceAmount) {
        this(
                orderId,
                paymentKey,
                status,
                totalAmount,
                approvedAt,
                verification,
                transmissionId,
                balanceAmount,
                null,
                null);
    }

    /** A status that names no balance (a webhook's hint, an event written before balances were carried). */
    public PgStatus(
            String orderId,
            String paymentKey,
            String status,
            Long totalAmount,
            OffsetDateTime approvedAt,
            Verification verification,
            String transmissionId) {
        this(orderId, paymentKey, status, totalAmount, approvedAt, verification, transmissionId, null, null, null);
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

    /** Without the secret: a record's default toString would put it into any log line. */
    @Override
    public String toString() {
        return "PgStatus[orderId=" + orderId + ", paymentKey=" + paymentKey + ", status=" + status + ", totalAmount="
                + totalAmount + ", balanceAmount=" + balanceAmount + ", verification=" + verification + ", method="
                + method + ", secret=" + (secret == null ? null : "***") + "]";
    }
}
