package dev.payments.shop.orders;

import dev.payments.shop.edge.EdgeRefusedException;
import dev.payments.shop.edge.EdgeUnavailableException;
import dev.payments.shop.web.PageShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The merchant's Orders page ({@code GET /orders}; the buyer's Order button posts to the same path) and its Refund
 * forms ({@code POST /orders/{orderId}/refunds}), which answer with the Orders page again (303) once the payment
 * system has the refund.
 */
@Controller
class OrdersController {

    private static final Logger log = LoggerFactory.getLogger(OrdersController.class);

    private final MerchantOrders orders;
    private final OrdersPages pages = new OrdersPages();

    OrdersController(MerchantOrders orders) {
        this.orders = orders;
    }

    /** The orders; {@code order} and {@code refund} name the refund the last form asked for, if any. */
    @GetMapping("/orders")
    ResponseEntity<String> orders(
            @RequestParam(required = false) String order, @RequestParam(required = false) String refund) {
        String notice = order != null
                        && RefundPost.ORDER_ID.matcher(order).matches()
                        && refund != null
                        && RefundPost.REFUND_ID.matcher(refund).matches()
                ? "Refund " + refund + " of order " + order + " was asked for. Its status below follows what the "
                        + "payment system records."
                : null;
        return pages.orders(orders.overview(), notice);
    }

    @PostMapping("/orders/{orderId}/refunds")
    ResponseEntity<String> refund(
            @PathVariable String orderId,
            @RequestParam(required = false) String refundId,
            @RequestParam(required = false) String amount,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String bank,
            @RequestParam(required = false) String accountNumber,
            @RequestParam(required = false) String holderName) {
        return switch (RefundPost.read(orderId, refundId, amount, reason, bank, accountNumber, holderName)) {
            case RefundPost.Invalid invalid -> pages.invalid(invalid.message());
            case RefundPost.Valid valid -> refund(valid);
        };
    }

    private ResponseEntity<String> refund(RefundPost.Valid refund) {
        try {
            orders.refund(refund);
        } catch (EdgeRefusedException e) {
            log.warn(
                    "The payment service refused refund {} of order {}: HTTP {}",
                    refund.refundId(),
                    refund.orderId(),
                    e.status());
            return pages.refused(e.status(), e.detail());
        } catch (EdgeUnavailableException e) {
            // the cause's type only: an HTTP error's message would carry the edge's whole answer
            log.warn(
                    "The payment service could not take refund {} of order {}: {} ({})",
                    refund.refundId(),
                    refund.orderId(),
                    e.getMessage(),
                    e.getCause() == null ? "no cause" : e.getCause().getClass().getSimpleName());
            return pages.unavailable(refund, e.retryAfterSeconds().orElse(null));
        }
        return PageShell.seeOther(UriComponentsBuilder.fromPath("/orders")
                .queryParam("order", refund.orderId())
                .queryParam("refund", refund.refundId())
                .fragment("order-" + refund.orderId())
                .build()
                .toUri());
    }
}
