package dev.payments.edge.readmodel;

import dev.payments.schemas.TokenHash;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * An order and its timeline as the worker recorded them, for the merchant or for the buyer with the order's token. A
 * wrong token is answered exactly like an unknown order, so guessing tokens or orderIds reveals nothing.
 */
@Service
class OrderReads {

    private final OrderRows orders;
    private final TimelineRows timelines;

    OrderReads(OrderRows orders, TimelineRows timelines) {
        this.orders = orders;
        this.timelines = timelines;
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

    /** Oldest first. */
    List<TimelineEntry> timeline(String orderId, Reader reader) {
        if (reader instanceof Reader.Buyer buyer) {
            buyersOrder(orderId, buyer.token());
        }
        List<TimelineEntry> timeline = timelines.findByOrderIdOrderByIdAsc(orderId).stream()
                .map(TimelineRow::entry)
                .toList();
        // events parked for an order that was never issued are still the merchant's to see
        if (reader instanceof Reader.Merchant && timeline.isEmpty() && !orders.existsById(orderId)) {
            throw new OrderNotFoundException(orderId);
        }
        return timeline;
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
