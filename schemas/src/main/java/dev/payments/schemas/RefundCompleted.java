package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code payment.refund.completed} on {@link Topics#COMPLETIONS}: one refund's final outcome. Its CloudEvents id is
 * {@link EventIds#refundCompleted(String, String)}, the same on every redelivery: one distinct record per refund.
 *
 * @param amount KRW won the refund gave back (SUCCEEDED) or asked for (FAILED; 0 when it named no amount and the
 *     order had nothing left to give back)
 * @param refundedAmount the order's total refunded after this refund
 * @param reason the refund's reason as the shop (or, for a give-back, the worker) gave it
 * @param code why a FAILED refund failed: NOT_REFUNDABLE, REFUND_EXCEEDS_BALANCE or the PG's code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefundCompleted(
        String orderId,
        String refundId,
        Status status,
        long amount,
        long refundedAmount,
        String currency,
        String reason,
        String code,
        Instant completedAt)
        implements EventData {

    public enum Status {
        SUCCEEDED,
        FAILED
    }
}
