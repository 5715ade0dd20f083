package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * The account a buyer who pays by virtual account (가상계좌) transfers the money to, as the PG's confirm answer names
 * it (Toss {@code virtualAccount}): shown to the buyer on the result page, sent to the shop in
 * {@code payment.order.awaiting-deposit}, and carried by the order read.
 *
 * @param bankCode the bank's code as the PG names it (Toss: two digits)
 * @param accountNumber the account to transfer to (Toss: at most 20 characters)
 * @param customerName whom the account is issued to
 * @param dueDate the deposit deadline: past it the worker cancels the payment at the PG and the order ends
 *     {@code CANCEL} with reason {@code DEPOSIT_EXPIRED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualAccount(String bankCode, String accountNumber, String customerName, OffsetDateTime dueDate) {

    /** Without the account number: a record's default toString would put it into any log line. */
    @Override
    public String toString() {
        return "VirtualAccount[bankCode=" + bankCode + ", accountNumber=***, dueDate=" + dueDate + "]";
    }
}
