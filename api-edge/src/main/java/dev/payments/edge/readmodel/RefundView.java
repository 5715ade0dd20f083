package dev.payments.edge.readmodel;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code GET /api/v1/orders/{orderId}/refunds/{refundId}}: the refund as the worker last recorded it.
 *
 * @param amount the amount the worker decided (the whole balance at that moment, for a request that named none); for a
 *     refused request, the amount asked for (0 when none was named)
 * @param status {@code REQUESTED}, {@code SUCCEEDED} or {@code FAILED}
 * @param code why a {@code FAILED} refund failed: {@code NOT_REFUNDABLE}, {@code REFUND_EXCEEDS_BALANCE},
 *     {@code CONFLICTING_REFUND} or the PG's code
 * @param transactionKey the PG's key of the cancel, once it succeeded
 */
record RefundView(
        String refundId,
        String orderId,
        long amount,
        String reason,
        String status,
        @Nullable String code,
        Instant requestedAt,
        @Nullable Instant completedAt,
        @Nullable String transactionKey) {}
