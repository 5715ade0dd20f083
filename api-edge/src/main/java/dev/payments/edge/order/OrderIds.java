package dev.payments.edge.order;

import java.util.regex.Pattern;

/** The shape of an orderId (CONTRACT §4), shared by every endpoint that takes one. */
public final class OrderIds {

    public static final String REGEX = "^[A-Za-z0-9_-]{6,64}$";
    public static final Pattern PATTERN = Pattern.compile(REGEX);
    public static final String EXPECTATION = "must be 6-64 characters of A-Z, a-z, 0-9, '_' and '-'";

    private OrderIds() {}

    public static boolean isValid(String orderId) {
        return orderId != null && PATTERN.matcher(orderId).matches();
    }
}
