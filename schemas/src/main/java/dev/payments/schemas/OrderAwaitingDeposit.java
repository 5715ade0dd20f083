package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * {@code payment.order.awaiting-deposit} on {@link Topics#COMPLETIONS}: the buyer chose a virtual account (가상계좌)
 * and the PG issued one; the shop tells the buyer where to transfer the money and by when. It is not a completion: the
 * order's one completion comes when the deposit arrives or the deadline passes. Its CloudEvents id is
 * {@link EventIds#awaitingDeposit(String)}, one distinct record per order.
 *
 * @param dueDate the deposit deadline
 * @param method the payment method as the PG names it ({@code 가상계좌})
 * @param paymentKey the PG's paymentKey
 * @param issuedAt when the worker read the PG's answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderAwaitingDeposit(
        String orderId,
        long amount,
        String currency,
        String bankCode,
        String accountNumber,
        String customerName,
        OffsetDateTime dueDate,
        String method,
        String paymentKey,
        Instant issuedAt)
        implements EventData {

    public static OrderAwaitingDeposit of(
            String orderId,
            long amount,
            String currency,
            VirtualAccount account,
            String method,
            String paymentKey,
            Instant issuedAt) {
        return new OrderAwaitingDeposit(
                orderId,
                amount,
                currency,
                account.bankCode(),
                account.accountNumber(),
                account.customerName(),
                account.dueDate(),
                method,
                paymentKey,
                issuedAt);
    }

    /** Without the account number: a record's default toString would put it into any log line. */
    @Override
    public String toString() {
        return "OrderAwaitingDeposit[orderId=" + orderId + ", amount=" + amount + ", bankCode=" + bankCode
                + ", accountNumber=***, dueDate=" + dueDate + "]";
    }
}
