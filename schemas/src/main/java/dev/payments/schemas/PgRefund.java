package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * {@code payment.pg.refund} (worker-internal): the PG's definitive answer to the cancel the worker made for one refund,
 * believed only with a valid worker proof. Its CloudEvents id is {@link EventIds#pgRefund(String, String)}, one per
 * refund. Transient failures are retried by the worker and never published.
 *
 * @param succeeded whether the PG cancelled the refund's amount (judged by the new {@code cancels[]} entry)
 * @param transactionKey the PG's transactionKey of that cancel, when it succeeded
 * @param canceledAt when the PG cancelled, when it succeeded
 * @param balanceAmount what the payment still holds after this cancel, when the PG said
 * @param code the PG's error code (or the worker's reason) when it did not succeed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PgRefund(
        String orderId,
        String refundId,
        boolean succeeded,
        String transactionKey,
        OffsetDateTime canceledAt,
        Long balanceAmount,
        String code,
        String message)
        implements EventData {

    public static PgRefund succeeded(
            String orderId, String refundId, String transactionKey, OffsetDateTime canceledAt, Long balanceAmount) {
        return new PgRefund(orderId, refundId, true, transactionKey, canceledAt, balanceAmount, null, null);
    }

    public static PgRefund failed(String orderId, String refundId, String code, String message) {
        return new PgRefund(orderId, refundId, false, null, null, null, code, message);
    }
}
