package dev.payments.worker.pg;

import java.util.UUID;

/** Order ids and payment keys of the contract's shape, new for each test so that tests sharing a table never meet. */
public final class TestOrders {

    private TestOrders() {}

    /** {@code <label>-<13 random characters>}. */
    public static String newOrderId(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** The payment key the PG stub gives the order's payment. */
    public static String paymentKeyOf(String orderId) {
        return "tgen_" + orderId.replace("-", "");
    }
}
