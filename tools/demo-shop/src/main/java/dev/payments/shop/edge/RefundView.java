package dev.payments.shop.edge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A refund as the edge reads it ({@code GET /api/v1/orders/{orderId}/refunds[/{refundId}]}, docs/contract.md §4).
 *
 * @param amount the amount the payment system decided (the whole balance at that moment for a refund asked without
 *     one); null while it has not decided
 * @param status {@code REQUESTED}, {@code SUCCEEDED} or {@code FAILED}
 * @param code why a refund FAILED ({@code REFUND_EXCEEDS_BALANCE}, {@code NOT_REFUNDABLE}, the PG's code …), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefundView(
        String refundId,
        String orderId,
        Long amount,
        String reason,
        String status,
        String code,
        Instant requestedAt,
        Instant completedAt) {

    public static final String REQUESTED = "REQUESTED";

    public boolean requested() {
        return REQUESTED.equals(status);
    }
}
