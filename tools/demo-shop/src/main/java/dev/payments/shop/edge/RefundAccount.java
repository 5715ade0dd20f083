package dev.payments.shop.edge;

/**
 * The buyer's own account that the refund of a deposited virtual account is paid into: a refund request's
 * {@code refundReceiveAccount} (docs/contract.md §4). It goes to the edge and nowhere else: no log line, no page but the
 * merchant's own form.
 *
 * @param bank the bank's code as the PG names it
 * @param accountNumber digits only
 * @param holderName the account's holder
 */
public record RefundAccount(String bank, String accountNumber, String holderName) {

    /** Without the account number and holder: a record's default toString would put them into any log line. */
    @Override
    public String toString() {
        return "RefundAccount[bank=" + bank + ", accountNumber=***, holderName=***]";
    }
}
