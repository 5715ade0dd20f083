package dev.payments.shop.edge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The edge's answer to {@code GET /api/v1/orders/{orderId}} with the merchant key (docs/contract.md §4): the order as the
 * payment system last recorded it.
 *
 * @param status {@code PREPAY}, {@code IN_PROGRESS}, {@code SUCCESS}, {@code AWAITING_DEPOSIT}, {@code COMPLETE},
 *     {@code FAIL} or {@code CANCEL}
 * @param reason why a FAIL or CANCEL happened, or null
 * @param refundedAmount the sum of the order's succeeded refunds (0 when an edge does not report it)
 * @param method the payment method as the PG named it ({@code 카드}, {@code 가상계좌}, ...), or null until it did
 * @param virtualAccount the account a virtual-account buyer transfers to, or null for any other order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderView(
        String orderId,
        String status,
        long amount,
        String currency,
        String orderName,
        String reason,
        Long refundedAmount,
        Instant createdAt,
        Instant updatedAt,
        String method,
        VirtualAccount virtualAccount) {

    public static final String COMPLETE = "COMPLETE";
    public static final String AWAITING_DEPOSIT = "AWAITING_DEPOSIT";

    /** The PG's name of the virtual-account method. */
    public static final String VIRTUAL_ACCOUNT_METHOD = "가상계좌";

    public OrderView {
        refundedAmount = refundedAmount == null ? 0L : refundedAmount;
    }

    /**
     * Whether it was paid by virtual account (the PG named the method so, or issued an account), as the edge judges it:
     * its refund needs the buyer's own account to pay into.
     */
    public boolean paidByVirtualAccount() {
        return VIRTUAL_ACCOUNT_METHOD.equals(method) || virtualAccount != null;
    }

    /** Whether the buyer's transfer into its virtual account is still awaited. */
    public boolean awaitingDeposit() {
        return AWAITING_DEPOSIT.equals(status) && virtualAccount != null;
    }

    /**
     * A virtual account (가상계좌) as the edge shows it.
     *
     * @param bankCode the bank's code as the PG names it (Toss: two digits)
     * @param customerName whom the account is issued to, when the PG said
     * @param dueDate the deposit deadline; past it the order ends {@code CANCEL} ({@code DEPOSIT_EXPIRED})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VirtualAccount(String bankCode, String accountNumber, String customerName, Instant dueDate) {

        /** Without the account number: a record's default toString would put it into any log line. */
        @Override
        public String toString() {
            return "VirtualAccount[bankCode=" + bankCode + ", accountNumber=***, dueDate=" + dueDate + "]";
        }
    }
}
