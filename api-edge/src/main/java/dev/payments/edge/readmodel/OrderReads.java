package dev.payments.edge.readmodel;

import dev.payments.schemas.TokenHash;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * An order and its timeline as the worker recorded them, for the merchant or for the buyer with the order's token. A
 * wrong token is answered exactly like an unknown order, so guessing tokens or orderIds reveals nothing.
 */
@Service
class OrderReads {

    private final OrderQueries queries;

    OrderReads(OrderQueries queries) {
        this.queries = queries;
    }

    OrderView order(String orderId, Reader reader) {
        return switch (reader) {
            case Reader.Merchant merchant ->
                queries.find(orderId)
                        .orElseThrow(() -> new OrderNotFoundException(orderId))
                        .view();
            case Reader.Buyer buyer -> buyersOrder(orderId, buyer.token()).view();
        };
    }

    /** Oldest first. */
    List<TimelineEntry> timeline(String orderId, Reader reader) {
        return switch (reader) {
            case Reader.Merchant merchant -> {
                List<TimelineEntry> timeline = queries.timeline(orderId);
                // events parked for an order that was never issued are still the merchant's to see
                if (timeline.isEmpty() && queries.find(orderId).isEmpty()) {
                    throw new OrderNotFoundException(orderId);
                }
                yield timeline;
            }
            case Reader.Buyer buyer -> {
                buyersOrder(orderId, buyer.token());
                yield queries.timeline(orderId);
            }
        };
    }

    /** The order whose token this is, compared in constant time; 404 for a wrong token as for an unknown order. */
    private OrderQueries.StoredOrder buyersOrder(String orderId, String token) {
        var stored = queries.find(orderId);
        // hash even when the order is unknown, so that both answers take the same time
        String expectedHash =
                stored.map(OrderQueries.StoredOrder::tokenHash).orElse(TokenHash.of("unknown order " + orderId));
        boolean tokenMatches = TokenHash.matches(token, expectedHash);
        return stored.filter(s -> tokenMatches).orElseThrow(() -> new OrderNotFoundException(orderId));
    }
}
