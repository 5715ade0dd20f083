package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * {@code payment.pg.confirmation} (worker-internal): the PG's definitive answer to our confirm request. Transient
 * failures are retried by the worker and never published as a confirmation.
 *
 * @param code the PG's error code when {@code approved} is false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PgConfirmation(
        String orderId, String paymentKey, boolean approved, OffsetDateTime approvedAt, String code, String message)
        implements EventData {

    public static PgConfirmation approved(String orderId, String paymentKey, OffsetDateTime approvedAt) {
        return new PgConfirmation(orderId, paymentKey, true, approvedAt, null, null);
    }

    public static PgConfirmation rejected(String orderId, String paymentKey, String code, String message) {
        return new PgConfirmation(orderId, paymentKey, false, null, code, message);
    }
}
