package dev.payments.edge.readmodel;

import dev.payments.edge.web.MerchantKey;
import dev.payments.edge.web.UnauthenticatedException;
import dev.payments.schemas.OrderId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading an order and its timeline (docs/contract.md §4), for the merchant (Bearer key) or the buyer (the order's token as
 * {@code ?token=}, so that the result page can show them).
 */
@RestController
@RequestMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderReadController {

    private final OrderReads reads;
    private final MerchantKey merchantKey;

    OrderReadController(OrderReads reads, MerchantKey merchantKey) {
        this.reads = reads;
        this.merchantKey = merchantKey;
    }

    @GetMapping("/{orderId}")
    ResponseEntity<OrderView> order(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId,
            @RequestParam(required = false) @Size(max = 512) String token,
            HttpServletRequest request) {
        OrderView view = reads.order(orderId, reader(request, token));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
    }

    @GetMapping("/{orderId}/events")
    ResponseEntity<List<TimelineEntry>> events(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId,
            @RequestParam(required = false) @Size(max = 512) String token,
            HttpServletRequest request) {
        List<TimelineEntry> timeline = reads.timeline(orderId, reader(request, token));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(timeline);
    }

    /**
     * The merchant when an Authorization header is presented, and then it must be the merchant key (a wrong one is
     * refused, never retried as a buyer); without one, a buyer, who must present a token.
     */
    private Reader reader(HttpServletRequest request, String token) {
        if (merchantKey.isPresented(request)) {
            merchantKey.require(request);
            return new Reader.Merchant();
        }
        if (token == null || token.isEmpty()) {
            throw new UnauthenticatedException(
                    "A merchant API key ('Authorization: Bearer <key>') or the order's token ('?token=') is required.");
        }
        return new Reader.Buyer(token);
    }
}
