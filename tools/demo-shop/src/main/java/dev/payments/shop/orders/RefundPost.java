package dev.payments.shop.orders;

import java.util.UUID;
import java.util.regex.Pattern;

/** A Refund form as the merchant's browser posts it: a refund to ask the payment system for, or what is wrong. */
sealed interface RefundPost {

    /** What the reason field holds when the page renders; also what a blank reason means. */
    String DEFAULT_REASON = "Customer request";

    /** The contract's bounds of a refund amount (docs/contract.md §4). */
    long MAX_AMOUNT = 1_000_000_000L;

    Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{6,64}");
    Pattern REFUND_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * A refund to ask for.
     *
     * @param amount won to refund, or null for the whole refundable balance
     */
    record Valid(String orderId, String refundId, Long amount, String reason) implements RefundPost {}

    /** A form the shop does not send on; {@code message} tells the merchant what to do. */
    record Invalid(String message) implements RefundPost {}

    /**
     * A new refund's id, chosen when the page renders the form and carried in it: a form sent twice (a double click, a
     * retry after an error) asks for one refund, never two.
     */
    static String newRefundId() {
        return "rf-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    static RefundPost read(String orderId, String refundId, String amount, String reason) {
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
        return new Valid(orderId, refundId, won, why);
    }
}
