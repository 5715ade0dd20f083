package dev.payments.worker.pg;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.OffsetDateTime;

/**
 * The fields of Toss's Payment object that the worker uses; everything else in it is ignored.
 *
 * @param status READY, IN_PROGRESS, WAITING_FOR_DEPOSIT, DONE, CANCELED, PARTIAL_CANCELED, ABORTED or EXPIRED
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

    public static final String DONE = "DONE";

    public boolean isDone() {
        return DONE.equals(status);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String code, String message) {}
}
