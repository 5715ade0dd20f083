package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code payment.order.anomaly} on {@link Topics#COMPLETIONS}: the PG reports money moving for an order that already
 * ended {@code COMPLETE}, in a way the worker did not cause, so the shop can hold fulfilment. It is not a completion:
 * the order keeps its one completion. Its CloudEvents id is {@link EventIds#anomaly(String, String)}, one distinct
 * record per order and reason.
 *
 * @param reason {@code CANCELED_AT_PG} (the PG reports the payment cancelled, in full or in part, without our refund)
 *     or {@code DEPOSIT_REVERSED} (the PG reports the deposit reversed: the payment waits for a deposit again)
 * @param amount the order's amount, KRW won
 * @param pgStatus the payment's status at the PG, as the PG spells it
 * @param pgAmount the amount the PG holds for the payment, when it said
 * @param detectedAt when the worker read the PG's report
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderAnomaly(
        String orderId,
        String reason,
        long amount,
        String currency,
        String paymentKey,
        String pgStatus,
        Long pgAmount,
        Instant detectedAt)
        implements EventData {}
