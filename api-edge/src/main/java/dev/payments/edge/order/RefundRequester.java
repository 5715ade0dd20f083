package dev.payments.edge.order;

import dev.payments.edge.EventPublisher;
import dev.payments.edge.web.RequestValidationException;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.RefundRequested;
import org.springframework.stereotype.Service;

/**
 * Turns a validated refund request into {@code payment.refund.requested}. It decides nothing: the worker records and
 * makes the refund, on the order's partition, against the balance it holds. The edge only refuses early, writing
 * nothing, what it can already see the worker would refuse (docs/contract.md §4).
 */
@Service
class RefundRequester {

    private final RefundableOrders orders;
    private final EventPublisher publisher;

    RefundRequester(RefundableOrders orders, EventPublisher publisher) {
        this.orders = orders;
        this.publisher = publisher;
    }

    /** Publishes the request and returns once Kafka holds it, or answers a recorded one as it was answered. */
    RequestedRefund request(String orderId, RefundRequest request) {
        String refundId = request.refundId() != null ? request.refundId() : OrderTokens.randomRefundId();
        var answer =
                new RequestedRefund(refundId, orderId, RequestedRefund.REQUESTED, request.amount(), request.reason());
        RefundableOrders.RefundableOrder order =
                orders.find(orderId, refundId).orElseThrow(() -> RefundRefusedException.unknownOrder(orderId));

        // checked first: a retry stays answerable after the order's status or balance moved on
        RefundableOrders.RecordedRefund recorded = order.recorded();
        if (recorded != null) {
            if (!request.sameAs(recorded.requestedAmount(), recorded.reason())) {
                throw RefundRefusedException.otherBody(orderId, refundId);
            }
            // Not published again: the record proves its event is in Kafka and was read (its id is the same for every
            // retry, so another copy could only be a duplicate), as a recorded issuance's retry writes nothing either.
            return answer;
        }
        if (!order.isComplete()) {
            throw RefundRefusedException.notComplete(orderId, order.status());
        }
        if (order.virtualAccount() && request.refundReceiveAccount() == null) {
            // the PG pays a virtual account's refund into the buyer's account: the worker would refuse it without one
            throw RequestValidationException.of(
                    "refundReceiveAccount", "is required to refund a virtual-account payment");
        }
        long balance = order.balance();
        if (request.amount() == null && balance == 0) {
            throw RefundRefusedException.nothingLeft(orderId);
        }
        if (request.amount() != null && request.amount() > balance) {
            throw RefundRefusedException.exceedsBalance(orderId, request.amount(), balance);
        }
        publisher.publish(
                EventIds.refundRequested(orderId, refundId),
                new RefundRequested(
                        orderId,
                        refundId,
                        request.amount(),
                        request.reason(),
                        request.refundReceiveAccount() == null
                                ? null
                                : request.refundReceiveAccount().toEvent()));
        return answer;
    }
}
