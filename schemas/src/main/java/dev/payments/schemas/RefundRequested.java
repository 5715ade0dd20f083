package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code payment.refund.requested}: the shop asks to give back all or part of a paid order. Written by the edge
 * ({@code POST /api/v1/orders/{orderId}/refunds}) and by shop producers; its CloudEvents id is
 * {@link EventIds#refundRequested(String, String)}. The worker decides it in order on the order's partition: a refund
 * within the order's refundable balance is recorded REQUESTED and cancelled at the PG; anything else is refused with a
 * FAILED refund record (docs/contract.md §2).
 *
 * @param refundId unique per order ({@link RefundId#REGEX})
 * @param amount KRW won to give back; null: the whole refundable balance at the moment the worker decides
 * @param reason why, 1-200 characters; sent to the PG as the cancel reason
 * @param refundReceiveAccount the buyer's account to pay a deposited virtual account's refund into (the PG needs
 *     one for such a payment); null for any other payment
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefundRequested(
        String orderId, String refundId, Long amount, String reason, RefundReceiveAccount refundReceiveAccount)
        implements EventData {

    /** A refund request without a refund account (any payment but a deposited virtual account). */
    public RefundRequested(String orderId, String refundId, Long amount, String reason) {
        this(orderId, refundId, amount, reason, null);
    }
}
