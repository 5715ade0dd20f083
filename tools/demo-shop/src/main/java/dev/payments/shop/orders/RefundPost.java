package dev.payments.shop.orders;

import dev.payments.shop.edge.RefundAccount;
import java.util.UUID;
import java.util.regex.Pattern;

/** A Refund form as the merchant's browser posts it: a refund to ask the payment system for, or what is wrong. */
sealed interface RefundPost {

    /** What the reason field holds when the page renders; also what a blank reason means. */
    String DEFAULT_REASON = "Customer request";

    /** The contract's bounds of a refund amount (docs/contract.md §4). */
    long MAX_AMOUNT = 1_000_000_000L;

    /** The contract's bounds of a refund account's holder (docs/contract.md §4, {@code refundReceiveAccount}). */
    int MAX_HOLDER_NAME = 60;

    Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{6,64}");
    Pattern REFUND_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9]{1,20}");

    /**
     * A refund to ask for.
     *
     * @param amount won to refund, or null for the whole refundable balance
     * @param account the buyer's account to refund a virtual account into, or null (a form without the account fields)
     */
    record Valid(String orderId, String refundId, Long amount, String reason, RefundAccount account)
            implements RefundPost {}

    /** A form the shop does not send on; {@code message} tells the merchant what to do, never repeating a value. */
    record Invalid(String message) implements RefundPost {}

    /**
     * A new refund's id, chosen when the page renders the form and carried in it: a form sent twice (a double click, a
     * retry after an error) asks for one refund, never two.
     */
    static String newRefundId() {
        return "rf-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /**
     * Reads a Refund form. The refund account's fields ({@code bank}, {@code accountNumber}, {@code holderName}) are on
     * the form of a virtual-account order only: absent altogether, the refund has no account; any of them present,
     * all three must be valid.
     */
    static RefundPost read(
            String orderId,
            String refundId,
            String amount,
            String reason,
            String bank,
            String accountNumber,
            String holderName) {
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            return new Invalid("There is no such order. Open the Orders page and use the form of one of its orders.");
        }
        if (refundId == null || !REFUND_ID.matcher(refundId).matches()) {
            return new Invalid(
                    "The form is out of date or incomplete. Open the Orders page again and refund from there.");
        }
        Long won = null;
        String digits = amount == null ? "" : amount.strip().replace(",", "");
        if (!digits.isEmpty()) {
            won = digits.matches("[0-9]{1,10}") ? Long.parseLong(digits) : -1;
            if (won < 1 || won > MAX_AMOUNT) {
                return new Invalid("Enter the amount as a whole number of won from 1 to 1,000,000,000, "
                        + "or leave it empty to refund the whole balance.");
            }
        }
        String why = reason == null || reason.isBlank() ? DEFAULT_REASON : reason.strip();
        if (bank == null && accountNumber == null && holderName == null) {
            return new Valid(orderId, refundId, won, why, null);
        }
        String bankCode = bank == null ? "" : bank.strip();
        if (!Banks.known(bankCode)) {
            return new Invalid("Choose the bank of the buyer's refund account.");
        }
        // people write account numbers with hyphens and spaces; the PG takes the digits
        String number = accountNumber == null ? "" : accountNumber.replaceAll("[\\s-]", "");
        if (!ACCOUNT_NUMBER.matcher(number).matches()) {
            return new Invalid("Enter the refund account's number: 1 to 20 digits (hyphens and spaces are fine).");
        }
        String holder = holderName == null ? "" : holderName.strip();
        if (holder.isEmpty() || holder.length() > MAX_HOLDER_NAME) {
            return new Invalid("Enter the refund account's holder: 1 to " + MAX_HOLDER_NAME + " characters.");
        }
        return new Valid(orderId, refundId, won, why, new RefundAccount(bankCode, number, holder));
    }
}
