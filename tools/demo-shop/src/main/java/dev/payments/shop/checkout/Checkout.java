package dev.payments.shop.checkout;

import dev.payments.shop.catalog.Product;
import dev.payments.shop.edge.EdgeClient;
import dev.payments.shop.edge.IssuedOrder;
import dev.payments.shop.orders.OrderBook;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What happens when the buyer presses Order: the shop generates an orderId, issues the order at the edge with its
 * merchant key, notes it in its order book (for the merchant's Orders page), records that the buyer is opening the PG
 * window (checkout, with the order's token), and answers what the buyer's page hands to the PG's SDK: the clientKey,
 * orderId, orderName, amount, successUrl and failUrl of the edge's answer, with the method and name the buyer chose.
 */
@Service
class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final EdgeClient edge;
    private final OrderBook orders;

    Checkout(EdgeClient edge, OrderBook orders) {
        this.edge = edge;
        this.orders = orders;
    }

    /** Issues the order and starts checkout; returns the payment request for the buyer's checkout page. */
    PaymentRequest order(Product product, int quantity, PaymentMethod method, String customerName) {
        String orderId = "shop-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        long amount = Math.multiplyExact(product.price(), quantity);
        String orderName = quantity == 1 ? product.name() : product.name() + " x " + quantity;

        IssuedOrder issued = edge.issue(orderId, amount, orderName);
        // issued is an order of the shop's, whether or not the buyer gets to the window
        orders.add(new OrderBook.Entry(issued.orderId(), issued.orderName(), issued.amount()));
        edge.startCheckout(issued.orderId(), issued.csrfToken());
        log.info(
                "Order {} issued ({} won), the buyer's page opens the payment window ({})",
                issued.orderId(),
                issued.amount(),
                method);

        return new PaymentRequest(
                issued.pg().clientKey(),
                method,
                issued.amount(),
                issued.orderId(),
                issued.orderName(),
                customerName,
                issued.pg().successUrl(),
                issued.pg().failUrl());
    }
}
