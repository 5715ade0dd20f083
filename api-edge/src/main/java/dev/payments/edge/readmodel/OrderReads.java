package dev.payments.edge.readmodel;

import dev.payments.schemas.TokenHash;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/**
 * An order, its timeline and its refunds as the worker recorded them, for the merchant or (order and timeline) for the
 * buyer with the order's token. A wrong token is answered exactly like an unknown order, so guessing tokens or
 * orderIds reveals nothing.
 */
@Service
class OrderReads {

    private final OrderRows orders;
    private final TimelineRows timelines;
    private final RefundRows refunds;

    OrderReads(OrderRows orders, TimelineRows timelines, RefundRows refunds) {
        this.orders = orders;
        this.timelines = timelines;
        this.refunds = refunds;
    }

    OrderView order(String orderId, Reader reader) {
        OrderRow order =
                switch (reader) {
                    case Reader.Merchant merchant ->
                        orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
                    case Reader.Buyer buyer -> buyersOrder(orderId, buyer.token());
                };
        return order.view();
    }

    /**
     * At most {@code limit} entries of the order's timeline after position {@code after} (0: from the start), oldest
     * first, and where the next page starts when there is more.
     */
    TimelinePage timeline(String orderId, Reader reader, long after, int limit) {
        if (reader instanceof Reader.Buyer buyer) {
            buyersOrder(orderId, buyer.token());
        }
        // one row more than asked tells whether another page follows
        List<TimelineRow> rows =
                timelines.findByOrderIdAndIdGreaterThanOrderByIdAsc(orderId, after, Limit.of(limit + 1));
        // events parked for an order that was never issued are still the merchant's to see
        if (reader instanceof Reader.Merchant
                && rows.isEmpty()
                && !orders.existsById(orderId)
                && !timelines.existsByOrderId(orderId)) {
            throw new OrderNotFoundException(orderId);
        }
        List<TimelineRow> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        Long next = rows.size() > limit ? page.getLast().position() : null;
        return new TimelinePage(page.stream().map(TimelineRow::entry).toList(), next);
    }

    /** One refund of the order, for the merchant. */
    RefundView refund(String orderId, String refundId) {
        return refunds.findByOrderIdAndRefundId(orderId, refundId)
                .map(RefundRow::view)
                .orElseThrow(() -> OrderNotFoundException.refund(orderId, refundId));
    }

    /** Every refund of the order, oldest first, for the merchant; none yet is an empty list, an unknown order a 404. */
    List<RefundView> refunds(String orderId) {
        List<RefundView> views = refunds.findByOrderIdOrderByRequestedAtAscRefundIdAsc(orderId).stream()
                .map(RefundRow::view)
                .toList();
        if (views.isEmpty() && !orders.existsById(orderId)) {
            throw new OrderNotFoundException(orderId);
        }
        return views;
    }

    /** The order whose token this is, compared in constant time; 404 for a wrong token as for an unknown order. */
    private OrderRow buyersOrder(String orderId, String token) {
        Optional<OrderRow> order = orders.findById(orderId);
        // hash even when the order is unknown, so that both answers take the same time
        String expectedHash = order.map(OrderRow::tokenHash).orElse(TokenHash.of("unknown order " + orderId));
        boolean tokenMatches = TokenHash.matches(token, expectedHash);
        return order.filter(o -> tokenMatches).orElseThrow(() -> new OrderNotFoundException(orderId));
    }
}
