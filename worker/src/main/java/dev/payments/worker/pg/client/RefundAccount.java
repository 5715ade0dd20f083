package dev.payments.worker.pg.client;

/**
 * The account a deposited virtual-account payment is refunded to ({@code refundReceiveAccount}).
 *
 * @param bank the bank's code as Toss names it
 * @param accountNumber digits only, at most 20
 * @param holderName at most 60 characters
 */
public record RefundAccount(String bank, String accountNumber, String holderName) {

    /** Without the account number and holder: a record's default toString would put them into any log line. */
    @Override
    public String toString() {
        return "RefundAccount[bank=" + bank + ", accountNumber=***, holderName=***]";
    }
}
