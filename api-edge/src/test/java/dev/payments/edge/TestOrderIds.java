package dev.payments.edge;

import java.util.UUID;

/** Fresh orderIds: the database and the broker outlive a single test. */
public final class TestOrderIds {

    private TestOrderIds() {}

    public static String next(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
