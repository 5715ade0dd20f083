package dev.payments.edge.order;

import dev.payments.edge.web.MerchantKey;
import dev.payments.edge.web.MerchantOnly;
import dev.payments.edge.web.OrderNotFoundException;
import dev.payments.edge.web.UnauthenticatedException;
import dev.payments.schemas.OrderId;
import dev.payments.schemas.TokenHash;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/** The order endpoints of CONTRACT §4: issue and checkout write events; status and timeline read the worker's. */
@RestController
@RequestMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

    private final OrderIssuer issuer;
    private final OrderQueries queries;
    private final MerchantKey merchantKey;

    OrderController(OrderIssuer issuer, OrderQueries queries, MerchantKey merchantKey) {
        this.issuer = issuer;
        this.queries = queries;
        this.merchantKey = merchantKey;
    }

    /** Issues an order (server-to-server). 202: the order exists once the worker has read the event. */
    @MerchantOnly
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IssuedOrder> issue(
            @Valid @RequestBody IssueOrderRequest request,
            @RequestHeader(name = OrderIssuer.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        IssuedOrder issued = issuer.issue(request, idempotencyKey);
        return ResponseEntity.accepted()
                .location(orderUri(issued.orderId()))
                .cacheControl(CacheControl.noStore())
                .body(issued);
    }

    /** The buyer opened the PG window. The token is passed on for the worker to verify. */
    @PostMapping(path = "/{orderId}/checkout", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> checkout(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId,
            @Valid @RequestBody CheckoutRequest request) {
        issuer.startCheckout(orderId, request.csrfToken());
        return ResponseEntity.accepted().location(orderUri(orderId)).build();
    }

    /**
     * The order's state, for the merchant (Bearer key) or the buyer (the order's token). A wrong token answers 404
     * exactly like an unknown order, so guessing tokens or orderIds reveals nothing.
     */
    @GetMapping("/{orderId}")
    ResponseEntity<OrderView> order(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId,
            @RequestParam(required = false) @Size(max = 512) String token,
            HttpServletRequest request) {
        OrderView view;
        if (isMerchant(request, token)) {
            view = queries.find(orderId)
                    .orElseThrow(() -> new OrderNotFoundException(orderId))
                    .view();
        } else {
            view = buyersOrder(orderId, token).view();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
    }

    /**
     * The order's timeline, oldest first, for the merchant (Bearer key) or the buyer (the order's token, so that the
     * result page can show it). A wrong token answers 404 exactly like an unknown order.
     */
    @GetMapping("/{orderId}/events")
    ResponseEntity<List<TimelineEntry>> events(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId,
            @RequestParam(required = false) @Size(max = 512) String token,
            HttpServletRequest request) {
        List<TimelineEntry> timeline;
        if (isMerchant(request, token)) {
            timeline = queries.timeline(orderId);
            // events parked for an order that was never issued are still the merchant's to see
            if (timeline.isEmpty() && queries.find(orderId).isEmpty()) {
                throw new OrderNotFoundException(orderId);
            }
        } else {
            buyersOrder(orderId, token);
            timeline = queries.timeline(orderId);
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(timeline);
    }

    /**
     * Whether the caller reads as the merchant: a presented Authorization header must be the merchant key (a wrong
     * one is refused, never retried as a buyer); without one, the order's token is required.
     */
    private boolean isMerchant(HttpServletRequest request, String token) {
        if (merchantKey.isPresented(request)) {
            merchantKey.require(request);
            return true;
        }
        if (token == null || token.isEmpty()) {
            throw new UnauthenticatedException(
                    "A merchant API key ('Authorization: Bearer <key>') or the order's token ('?token=') is required.");
        }
        return false;
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

    /**
     * {@code /api/v1/orders/{orderId}}, encoded as the URI builder it replaces encoded it (as a path: the orderId is
     * validated, so nothing in it needs escaping), without the builder's cost per answer.
     */
    static URI orderUri(String orderId) {
        return URI.create("/api/v1/orders/" + UriUtils.encodePath(orderId, StandardCharsets.UTF_8));
    }
}
