package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code payment.pg.result}: the PG reported the outcome of the buyer's payment, by browser redirect or webhook. A
 * claim, not yet a fact: the worker verifies the token, the amount and the paymentKey before acting on it.
 *
 * @param paymentKey required for {@link Outcome#SUCCESS}
 * @param amount required for {@link Outcome#SUCCESS}; what the PG says the buyer authorised
 * @param code the PG's code for FAIL/CANCEL, e.g. {@code PAY_PROCESS_CANCELED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PgResult(
        String orderId,
        Outcome outcome,
        String token,
        Channel channel,
        String paymentKey,
        Long amount,
        String code,
        String message)
        implements EventData {

    public enum Outcome {
        SUCCESS,
        FAIL,
        CANCEL
    }

    public enum Channel {
        REDIRECT,
        WEBHOOK
    }

    public static PgResult success(String orderId, String token, Channel channel, String paymentKey, long amount) {
        return new PgResult(orderId, Outcome.SUCCESS, token, channel, paymentKey, amount, null, null);
    }

    public static PgResult failure(
            String orderId, Outcome outcome, String token, Channel channel, String code, String message) {
        return new PgResult(orderId, outcome, token, channel, null, null, code, message);
    }
}
