package dev.payments.shop.edge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The edge's answer to {@code GET /api/v1/orders/{orderId}} with the merchant key (docs/contract.md §4): the order as the
 * payment system last recorded it.
 *
 * @param status {@code PREPAY}, {@code IN_PROGRESS}, {@code SUCCESS}, {@code AWAITING_DEPOSIT}, {@code COMPLETE},
 *     {@code FAIL} or {@code CANCEL}
 * @param reason why a FAIL or CANCEL happened, or null
 * @param refundedAmount the sum of the order's succeeded refunds (0 when an edge does not report it)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderView(
        String orderId,
        String status,
        long amount,
        String currency,
        String orderName,
        String reason,
        Long refundedAmount,
        Instant createdAt,
        Instant updatedAt) {

    public static final String COMPLETE = "COMPLETE";

    public OrderView {
        refundedAmount = refundedAmount == null ? 0L : refundedAmount;
    }
}
