package dev.payments.schemas;

/**
 * An order's id: 6-64 characters of {@code A-Z a-z 0-9 _ -} (docs/contract.md §3, the PG's own rule for
 * {@code orderId}). It is the record key of every Kafka record about the order and the CloudEvents {@code subject}.
 * The shape is checked here, once, by a character loop (it runs for every record the worker reads and every request
 * the edge takes).
 */
public record OrderId(String value) {

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 64;
    /** The shape as a regular expression, for JSON Schema, OpenAPI and Bean Validation annotations. */
    public static final String REGEX = "^[A-Za-z0-9_-]{6,64}$";
    /** What a caller is told when an orderId does not have the shape. */
    public static final String EXPECTATION = "must be 6-64 characters of A-Z, a-z, 0-9, '_' and '-'";

    public OrderId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("orderId " + EXPECTATION);
        }
    }

    public static OrderId of(String value) {
        return new OrderId(value);
    }

    /** Whether {@code value} has the shape of an orderId; never throws. */
    public static boolean isValid(String value) {
        return hasIdShape(value, MIN_LENGTH, MAX_LENGTH);
    }

    /**
     * Whether {@code value} is {@code min}-{@code max} characters of {@code A-Z a-z 0-9 _ -}, the shape of the
     * contract's ids (an orderId, a refundId), checked by a character loop; never throws.
     */
    static boolean hasIdShape(String value, int min, int max) {
        if (value == null || value.length() < min || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
