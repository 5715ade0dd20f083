package dev.payments.edge.order;

import java.time.Instant;

/** Answer of {@code POST /api/v1/orders}: what the shop hands to the buyer's page to call the PG. */
record IssuedOrder(
        String orderId,
        String status,
        long amount,
        String currency,
        String orderName,
        String csrfToken,
        Instant expiresAt,
        Pg pg) {

    /** What the buyer's page passes to the PG's {@code requestPayment}. */
    record Pg(String clientKey, String successUrl, String failUrl) {}
}
