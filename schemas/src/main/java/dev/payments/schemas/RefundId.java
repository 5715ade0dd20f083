package dev.payments.schemas;

/**
 * A refund's id: 1-64 characters of {@code A-Z a-z 0-9 _ -} (docs/contract.md §3), unique per order. The shop chooses
 * it (the edge generates one when the shop does not), and it makes a refund request idempotent: the same refundId with
 * the same amount and reason is one refund, however often it is sent.
 */
public final class RefundId {

    public static final int MAX_LENGTH = 64;
    /** The shape as a regular expression, for JSON Schema, OpenAPI and Bean Validation annotations. */
    public static final String REGEX = "^[A-Za-z0-9_-]{1,64}$";
    /** What a caller is told when a refundId does not have the shape. */
    public static final String EXPECTATION = "must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'";
    /** The longest refund reason, in characters. */
    public static final int REASON_MAX_LENGTH = 200;

    private RefundId() {}

    /** Whether {@code value} has the shape of a refundId; never throws. */
    public static boolean isValid(String value) {
        return OrderId.hasIdShape(value, 1, MAX_LENGTH);
    }

    /** Whether {@code reason} is a refund reason the contract accepts: 1-200 characters, not only blanks. */
    public static boolean isValidReason(String reason) {
        return reason != null && !reason.isBlank() && reason.length() <= REASON_MAX_LENGTH;
    }
}
