package dev.payments.shop.checkout;

import dev.payments.shop.ShopProperties;
import dev.payments.shop.catalog.Product;
import dev.payments.shop.edge.EdgeClient;
import dev.payments.shop.edge.IssuedOrder;
import dev.payments.shop.orders.OrderBook;
import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What happens when the buyer presses Order: the shop generates an orderId, issues the order at the edge with its
 * merchant key, notes it in its order book (for the merchant's Orders page), records that the buyer is opening the PG
 * window (checkout, with the order's token), and answers where to send the browser: the PG's payment window with the
 * parameters Toss's {@code requestPayment} takes (clientKey, orderId, orderName, amount, successUrl, failUrl from the
 * edge's answer).
 */
@Service
class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final EdgeClient edge;
    private final OrderBook orders;
    private final ShopProperties properties;

    Checkout(EdgeClient edge, OrderBook orders, ShopProperties properties) {
        this.edge = edge;
        this.orders = orders;
        this.properties = properties;
    }

    /** Issues the order and starts checkout; returns the payment window's URL for the buyer's browser. */
    URI order(Product product, int quantity) {
        String orderId = "shop-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        long amount = Math.multiplyExact(product.price(), quantity);
        String orderName = quantity == 1 ? product.name() : product.name() + " x " + quantity;

        IssuedOrder issued = edge.issue(orderId, amount, orderName);
        // issued is an order of the shop's, whether or not the buyer gets to the window
        orders.add(new OrderBook.Entry(issued.orderId(), issued.orderName(), issued.amount()));
        edge.startCheckout(issued.orderId(), issued.csrfToken());
        log.info("Order {} issued ({} won), buyer sent to the payment window", issued.orderId(), issued.amount());

        return UriComponentsBuilder.fromUriString(properties.pgWindowUrl())
                .queryParam("clientKey", issued.pg().clientKey())
                .queryParam("orderId", issued.orderId())
                .queryParam("orderName", issued.orderName())
                .queryParam("amount", issued.amount())
                .queryParam("successUrl", issued.pg().successUrl())
                .queryParam("failUrl", issued.pg().failUrl())
                .encode()
                .build()
                .toUri();
    }
}
