package dev.payments.worker.pg.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.payments.schemas.PgPaymentStatus;
import dev.payments.schemas.PgStatus;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The fields of Toss's Payment object that the worker uses; everything else in it is ignored. Nothing here is specific
 * to one method: a card, a virtual account, easy pay, a transfer or a phone payment parses alike, and each method's
 * own object ({@code card}, {@code transfer}, {@code mobilePhone}...) is ignored except a virtual account's, which the
 * order keeps, and easy pay's, which names the provider.
 *
 * @param status the PG's string, kept as sent so that events carry a status this version does not know; decide on
 *     {@link #paymentStatus()}
 * @param method the payment method as Toss names it (Korean, e.g. 카드, 가상계좌, 간편결제); null when Toss sends none or
 *     an empty one
 * @param failure why the payment failed, on failed payments only
 * @param balanceAmount what is left to cancel; "fully refunded" is {@code balanceAmount == 0}, whatever the status
 * @param cancels the cancels made so far, oldest first; empty (never null) when there are none
 * @param lastTransactionKey the latest transaction's key (after a cancel: that cancel's)
 * @param secret the payment's secret (virtual accounts): it authenticates the PG's deposit callbacks. Never logged
 * @param virtualAccount the issued account, on virtual-account payments only
 * @param easyPay the easy-pay provider and its share, on easy-pay payments only
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
        String lastTransactionKey,
        String secret,
        VirtualAccount virtualAccount,
        EasyPay easyPay) {

    public TossPayment {
        // Toss sends "cancels": null on a payment never cancelled
        cancels = cancels == null ? List.of() : List.copyOf(cancels);
        method = blankToNull(method);
        secret = blankToNull(secret);
    }

    /**
     * This payment as the PG's verified word on the order's payment ({@code payment.pg.status}, verification LOOKUP):
     * read from the PG API by a worker, which signs it on its way out. It names the method, never the secret: only a
     * webhook's hint carries one, to be compared with the order's.
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
                balanceAmount,
                null,
                method);
    }

    /** {@link #status} as the enum to dispatch on ({@link PgPaymentStatus#OTHER} when unknown). */
    public PgPaymentStatus paymentStatus() {
        return PgPaymentStatus.of(status);
    }

    public boolean isDone() {
        return paymentStatus() == PgPaymentStatus.DONE;
    }

    /**
     * The account the buyer transfers to, as the order keeps it; null when the payment names no virtual account or one
     * without the number, the bank or the due date (an account the buyer cannot pay into, or with no deadline).
     */
    public dev.payments.schemas.VirtualAccount issuedAccount() {
        if (virtualAccount == null
                || virtualAccount.accountNumber() == null
                || virtualAccount.bankCode() == null
                || virtualAccount.dueDateTime() == null) {
            return null;
        }
        return new dev.payments.schemas.VirtualAccount(
                virtualAccount.bankCode(),
                virtualAccount.accountNumber(),
                virtualAccount.customerName(),
                virtualAccount.dueDateTime());
    }

    /** Without the secret and the account number: a record's default toString would put them into any log line. */
    @Override
    public String toString() {
        return "TossPayment[paymentKey=" + paymentKey + ", orderId=" + orderId + ", status=" + status + ", method="
                + method + ", totalAmount=" + totalAmount + ", balanceAmount=" + balanceAmount + ", cancels="
                + cancels.size() + ", secret=" + (secret == null ? null : "***") + ", virtualAccount=" + virtualAccount
                + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String code, String message) {}

    /**
     * Toss's {@code virtualAccount}.
     *
     * @param accountType 일반 or 고정
     * @param bankCode the issuing bank's code (Toss: two digits)
     * @param dueDate the deposit deadline as Toss writes it ({@code yyyy-MM-dd'T'HH:mm:ss+09:00}); read through
     *     {@link #dueDateTime()}
     * @param refundStatus NONE, PENDING, FAILED, PARTIAL_FAILED or COMPLETED
     * @param settlementStatus INCOMPLETED or COMPLETED
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VirtualAccount(
            String accountType,
            String accountNumber,
            String bankCode,
            String customerName,
            String dueDate,
            String refundStatus,
            Boolean expired,
            String settlementStatus) {

        /** Toss's offset-less times are Korean time. */
        private static final ZoneOffset KOREA = ZoneOffset.ofHours(9);

        public VirtualAccount {
            accountNumber = blankToNull(accountNumber);
            bankCode = blankToNull(bankCode);
            dueDate = blankToNull(dueDate);
        }

        /**
         * The due date as a point in time: with its offset as sent, or in Korean time when Toss names none; null when
         * absent or unreadable (such an account has no deadline the worker could keep).
         */
        public OffsetDateTime dueDateTime() {
            if (dueDate == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(dueDate);
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(dueDate).atOffset(KOREA);
                } catch (DateTimeParseException unreadable) {
                    return null;
                }
            }
        }

        /** Without the account number and holder: a record's default toString would put them into any log line. */
        @Override
        public String toString() {
            return "VirtualAccount[accountType=" + accountType + ", bankCode=" + bankCode + ", accountNumber="
                    + (accountNumber == null ? null : "***") + ", dueDate=" + dueDate + ", refundStatus="
                    + refundStatus + ", expired=" + expired + ", settlementStatus=" + settlementStatus + "]";
        }
    }

    /**
     * Toss's {@code easyPay}.
     *
     * @param provider e.g. 토스페이, 카카오페이
     * @param amount what the provider's own balance or points paid
     * @param discountAmount the provider's discount
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EasyPay(String provider, Long amount, Long discountAmount) {}

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
