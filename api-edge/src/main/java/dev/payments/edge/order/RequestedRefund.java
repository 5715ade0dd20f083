package dev.payments.edge.order;

import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code POST /api/v1/orders/{orderId}/refunds}: the refund as requested. The amount the worker decides (the
 * whole balance, for a request that named none) shows on the refund's read.
 *
 * @param amount the amount requested; null when the request named none
 */
record RequestedRefund(
        String refundId,
        String orderId,
        String status,
        @Nullable Long amount,
        String reason) {

    static final String REQUESTED = "REQUESTED";
}
