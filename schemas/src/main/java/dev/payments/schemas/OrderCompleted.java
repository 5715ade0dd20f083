package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * {@code payment.order.completed} on {@link Topics#COMPLETIONS}: the order's one final outcome, for the shop to fulfil
 * or release stock. Its CloudEvents id is {@link EventIds#completion(String)}, the same on every redelivery.
 *
 * @param reason why a FAIL or CANCEL happened: {@code AMOUNT_MISMATCH}, {@code EXPIRED} or the PG's code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderCompleted(
        String orderId,
        Status status,
        long amount,
        String currency,
        String paymentKey,
        OffsetDateTime approvedAt,
        String reason,
        Instant completedAt)
        implements EventData {

    public enum Status {
        COMPLETE,
        FAIL,
        CANCEL
    }
}
