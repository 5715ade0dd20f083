package dev.payments.edge.order;

import dev.payments.edge.web.MerchantOnly;
import dev.payments.schemas.OrderId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Requesting a refund of an order (docs/contract.md §4): an accepted request becomes one event. */
@RestController
@RequestMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class RefundController {

    private final RefundRequester requester;

    RefundController(RefundRequester requester) {
        this.requester = requester;
    }

    /** Server-to-server. 202: the refund exists once the worker has read the event. */
    @MerchantOnly
    @PostMapping(path = "/{orderId}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RequestedRefund> request(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId,
            @Valid @RequestBody RefundRequest request) {
        RequestedRefund refund = requester.request(orderId, request);
        return ResponseEntity.accepted()
                .location(refundUri(orderId, refund.refundId()))
                .cacheControl(CacheControl.noStore())
                .body(refund);
    }

    /** The refundId is validated or generated in the orderId's alphabet, so it needs no escaping in the path. */
    private static URI refundUri(String orderId, String refundId) {
        return URI.create(OrderController.orderUri(orderId) + "/refunds/" + refundId);
    }
}
