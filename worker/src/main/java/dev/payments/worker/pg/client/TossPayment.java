package dev.payments.worker.pg.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.payments.schemas.PgPaymentStatus;
import java.time.OffsetDateTime;

/**
 * The fields of Toss's Payment object that the worker uses; everything else in it is ignored.
 *
 * @param status the PG's string, kept as sent so that events carry a status this version does not know; decide on
 *     {@link #paymentStatus()}
 * @param method the payment method as Toss names it (Korean, e.g. 카드)
 * @param failure why the payment failed, on failed payments only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TossPayment(
        String paymentKey,
        String orderId,
        String status,
        Long totalAmount,
        OffsetDateTime approvedAt,
        String method,
        Failure failure) {

    /** {@link #status} as the enum to dispatch on ({@link PgPaymentStatus#OTHER} when unknown). */
    public PgPaymentStatus paymentStatus() {
        return PgPaymentStatus.of(status);
    }

    public boolean isDone() {
        return paymentStatus() == PgPaymentStatus.DONE;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String code, String message) {}
}
