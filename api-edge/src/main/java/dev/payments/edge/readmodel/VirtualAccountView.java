package dev.payments.edge.readmodel;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The virtual account (가상계좌) of an order, as the order read shows it to the merchant and to the buyer, who needs it
 * to transfer the money (docs/contract.md §4).
 *
 * @param bankCode the bank's code as the PG names it (Toss: two digits)
 * @param customerName whom the account is issued to, when the PG said
 * @param dueDate the deposit deadline: past it the order ends {@code CANCEL} with reason {@code DEPOSIT_EXPIRED}
 */
record VirtualAccountView(
        String bankCode, String accountNumber, @Nullable String customerName, Instant dueDate) {

    /** Without the account number: a record's default toString would put it into any log line. */
    @Override
    public String toString() {
        return "VirtualAccountView[bankCode=" + bankCode + ", accountNumber=***, dueDate=" + dueDate + "]";
    }
}
