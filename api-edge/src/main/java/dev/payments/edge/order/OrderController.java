package dev.payments.edge.order;

import dev.payments.edge.web.MerchantOnly;
import dev.payments.schemas.OrderId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/** Issuing an order and starting its checkout (docs/contract.md §4): each request becomes one event. */
@RestController
@RequestMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

    private final OrderIssuer issuer;

    OrderController(OrderIssuer issuer) {
        this.issuer = issuer;
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
     * {@code /api/v1/orders/{orderId}}, encoded as the URI builder it replaces encoded it (as a path: the orderId is
     * validated, so nothing in it needs escaping), without the builder's cost per answer.
     */
    static URI orderUri(String orderId) {
        return URI.create("/api/v1/orders/" + UriUtils.encodePath(orderId, StandardCharsets.UTF_8));
    }
}
