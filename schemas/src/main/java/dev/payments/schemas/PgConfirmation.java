package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * {@code payment.pg.confirmation} (worker-internal): the PG's definitive answer to our confirm request: approved,
 * rejected with the PG's code, or (a virtual account, 가상계좌) issued an account and awaiting the buyer's deposit.
 * Transient failures are retried by the worker and never published as a confirmation.
 *
 * @param approved true only when the PG approved the payment ({@code DONE}); false when it rejected it, and when it
 *     awaits a deposit ({@code awaitingDeposit})
 * @param code the PG's error code when the confirm was rejected
 * @param method the payment method as the PG names it ({@code 카드}, {@code 가상계좌}, {@code 간편결제}, ...), when it
 *     said
 * @param awaitingDeposit true when the PG answered {@code WAITING_FOR_DEPOSIT}: a virtual account was issued; the
 *     account ({@code bankCode}, {@code accountNumber}, {@code customerName}, {@code dueDate}) and the payment's
 *     {@code secret} come with it
 * @param secret the payment's secret from the confirm answer: it authenticates the PG's later deposit callbacks, and
 *     the PG does not show it again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PgConfirmation(
        String orderId,
        String paymentKey,
        boolean approved,
        OffsetDateTime approvedAt,
        String code,
        String message,
        String method,
        Boolean awaitingDeposit,
        String bankCode,
        String accountNumber,
        String customerName,
        OffsetDateTime dueDate,
        String secret)
        implements EventData {

    /** A confirmation that names no method and no virtual account (an approval or a rejection). */
    public PgConfirmation(
            String orderId,
            String paymentKey,
            boolean approved,
            OffsetDateTime approvedAt,
            String code,
            String message) {
        this(orderId, paymentKey, approved, approvedAt, code, message, null, null, null, null, null, null, null);
    }

    public static PgConfirmation approved(String orderId, String paymentKey, OffsetDateTime approvedAt) {
        return approved(orderId, paymentKey, approvedAt, null);
    }

    public static PgConfirmation approved(String orderId, String paymentKey, OffsetDateTime approvedAt, String method) {
        return new PgConfirmation(
                orderId, paymentKey, true, approvedAt, null, null, method, null, null, null, null, null, null);
    }

    public static PgConfirmation rejected(String orderId, String paymentKey, String code, String message) {
        return new PgConfirmation(orderId, paymentKey, false, null, code, message);
    }

    /** The PG issued a virtual account: the order waits for the buyer's deposit. */
    public static PgConfirmation awaitingDeposit(
            String orderId, String paymentKey, String method, VirtualAccount account, String secret) {
        return new PgConfirmation(
                orderId,
                paymentKey,
                false,
                null,
                null,
                null,
                method,
                true,
                account.bankCode(),
                account.accountNumber(),
                account.customerName(),
                account.dueDate(),
                secret);
    }

    /** Whether the PG answered that the payment awaits a deposit (a virtual account was issued). */
    public boolean awaitsDeposit() {
        return Boolean.TRUE.equals(awaitingDeposit) && !approved;
    }

    /** The issued virtual account, or null when the confirmation names none. */
    public VirtualAccount virtualAccount() {
        return awaitsDeposit() ? new VirtualAccount(bankCode, accountNumber, customerName, dueDate) : null;
    }

    /** Without the account number and the secret: a record's default toString would put them into any log line. */
    @Override
    public String toString() {
        return "PgConfirmation[orderId=" + orderId + ", paymentKey=" + paymentKey + ", approved=" + approved
                + ", code=" + code + ", method=" + method + ", awaitingDeposit=" + awaitingDeposit
                + ", accountNumber=" + (accountNumber == null ? null : "***") + ", secret="
                + (secret == null ? null : "***") + "]";
    }
}
