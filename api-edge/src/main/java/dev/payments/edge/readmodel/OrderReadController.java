package dev.payments.edge.readmodel;

import dev.payments.edge.web.MerchantKey;
import dev.payments.edge.web.MerchantOnly;
import dev.payments.edge.web.QueryParameters;
import dev.payments.edge.web.UnauthenticatedException;
import dev.payments.schemas.OrderId;
import dev.payments.schemas.RefundId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading an order and its timeline (docs/contract.md §4), for the merchant (Bearer key) or the buyer (the order's token as
 * {@code ?token=}, so that the result page can show them), and the order's refunds, for the merchant only.
 */
@RestController
@RequestMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderReadController {

    /** Entries per page when {@code limit} is not given: every entry of an ordinary order. */
    static final int DEFAULT_PAGE = 200;

    static final int MAX_PAGE = 1000;

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

    /**
     * The timeline a page at a time: the JSON array of the contract, and a {@code Link: <…>; rel="next"} header while
     * more entries follow. The next page's URL carries no token; a buyer adds its own.
     */
    @GetMapping("/{orderId}/events")
    ResponseEntity<List<TimelineEntry>> events(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId,
            @RequestParam(required = false) @Size(max = 512) String token,
            HttpServletRequest request) {
        Reader reader = reader(request, token);
        var params = QueryParameters.of(request);
        Long limit = wholeNumber(params, "limit", 1, MAX_PAGE, "must be an integer from 1 to " + MAX_PAGE);
        Long after = wholeNumber(
                params,
                "after",
                0,
                Long.MAX_VALUE,
                "must be a position from a previous page's Link header (a non-negative integer)");
        params.throwIfInvalid();
        int size = limit == null ? DEFAULT_PAGE : limit.intValue();

        TimelinePage page = reads.timeline(orderId, reader, after == null ? 0 : after, size);
        var answer = ResponseEntity.ok().cacheControl(CacheControl.noStore());
        if (page.next() != null) {
            answer.header(
                    HttpHeaders.LINK,
                    "</api/v1/orders/%s/events?after=%d&limit=%d>; rel=\"next\"".formatted(orderId, page.next(), size));
        }
        return answer.body(page.entries());
    }

    @MerchantOnly
    @GetMapping("/{orderId}/refunds/{refundId}")
    ResponseEntity<RefundView> refund(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId,
            @PathVariable @Pattern(regexp = RefundId.REGEX, message = RefundId.EXPECTATION) String refundId) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(reads.refund(orderId, refundId));
    }

    /** Every refund of the order, oldest first: few per order, so not paged. */
    @MerchantOnly
    @GetMapping("/{orderId}/refunds")
    ResponseEntity<List<RefundView>> refunds(
            @PathVariable @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION) String orderId) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(reads.refunds(orderId));
    }

    /** The parameter as a whole number from {@code min} to {@code max}; null when absent or after recording why not. */
    private static @Nullable Long wholeNumber(
            QueryParameters params, String name, long min, long max, String expectation) {
        String value = params.optional(name, Integer.MAX_VALUE);
        if (value == null) {
            return null;
        }
        if (value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        }
        params.reject(name, expectation);
        return null;
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
