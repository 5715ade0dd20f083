package dev.payments.edge.readmodel;

import java.time.Instant;

/**
 * Answer of {@code GET /api/v1/orders/{orderId}}: the order as the worker last recorded it.
 *
 * @param refundedAmount what was given back of the amount (0 until a refund succeeds)
 * @param reason why a FAIL or CANCEL happened: {@code AMOUNT_MISMATCH}, {@code EXPIRED} or the PG's code
 */
record OrderView(
        String orderId,
        String status,
        long amount,
        long refundedAmount,
        String currency,
        String orderName,
        String paymentKey,
        String reason,
        Instant createdAt,
        Instant updatedAt) {}
