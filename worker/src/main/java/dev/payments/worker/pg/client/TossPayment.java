package dev.payments.worker.pg.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.payments.schemas.PgPaymentStatus;
import dev.payments.schemas.PgStatus;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The fields of Toss's Payment object that the worker uses; everything else in it is ignored.
 *
 * @param status the PG's string, kept as sent so that events carry a status this version does not know; decide on
 *     {@link #paymentStatus()}
 * @param method the payment method as Toss names it (Korean, e.g. 카드)
 * @param failure why the payment failed, on failed payments only
 * @param balanceAmount what is left to cancel; "fully refunded" is {@code balanceAmount == 0}, whatever the status
 * @param cancels the cancels made so far, oldest first; empty (never null) when there are none
 * @param lastTransactionKey the latest transaction's key (after a cancel: that cancel's)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TossPayment(
        String paymentKey,
        String orderId,
        String status,
        Long totalAmount,
        OffsetDateTime approvedAt,
        String method,
        Failure failure,
        Long balanceAmount,
        List<Cancel> cancels,
        String lastTransactionKey) {

    public TossPayment {
        // Toss sends "cancels": null on a payment never cancelled
        cancels = cancels == null ? List.of() : List.copyOf(cancels);
    }

    /**
     * This payment as the PG's verified word on the order's payment ({@code payment.pg.status}, verification LOOKUP):
     * read from the PG API by a worker, which signs it on its way out.
     */
    public PgStatus asLookedUpStatusOf(String orderId) {
        return new PgStatus(
                orderId,
                paymentKey,
                status,
                totalAmount,
                approvedAt,
                PgStatus.Verification.LOOKUP,
                null,
                balanceAmount);
    }

    /** {@link #status} as the enum to dispatch on ({@link PgPaymentStatus#OTHER} when unknown). */
    public PgPaymentStatus paymentStatus() {
        return PgPaymentStatus.of(status);
    }

    public boolean isDone() {
        return paymentStatus() == PgPaymentStatus.DONE;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String code, String message) {}

    /**
     * One entry of {@code cancels[]}.
     *
     * @param refundableAmount the payment's balance after this cancel
     * @param transactionKey this cancel's own key at the PG
     * @param cancelStatus {@code DONE} for a cancel that was made
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cancel(
            Long cancelAmount,
            String cancelReason,
            OffsetDateTime canceledAt,
            String transactionKey,
            Long refundableAmount,
            String cancelStatus) {

        public boolean isDone() {
            return "DONE".equals(cancelStatus);
        }
    }
}
