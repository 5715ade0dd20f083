package dev.payments.shop.checkout;

import dev.payments.shop.ShopProperties;
import dev.payments.shop.catalog.Catalog;
import dev.payments.shop.catalog.Product;
import dev.payments.shop.edge.EdgeRefusedException;
import dev.payments.shop.edge.EdgeUnavailableException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The shop's two buyer pages: the products, and the Order button's target, the checkout page that opens the PG's
 * payment window through its SDK.
 */
@Controller
class ShopController {

    private static final Logger log = LoggerFactory.getLogger(ShopController.class);

    private final Catalog catalog;
    private final Checkout checkout;
    private final ShopPages pages;

    ShopController(Catalog catalog, Checkout checkout, ShopProperties properties) {
        this.catalog = catalog;
        this.checkout = checkout;
        this.pages = new ShopPages(properties.pgScriptUrl(), properties.pgOrigin());
    }

    @GetMapping("/")
    ResponseEntity<String> products() {
        return pages.products(catalog.products());
    }

    @PostMapping("/orders")
    ResponseEntity<String> order(
            @RequestParam(required = false) String product,
            @RequestParam(required = false) String quantity,
            @RequestParam(required = false) String method,
            @RequestParam(required = false) String customerName) {
        Optional<Product> chosen = catalog.find(product);
        int count = parseQuantity(quantity);
        if (chosen.isEmpty() || count < 1 || count > Catalog.MAX_QUANTITY) {
            return pages.error(
                    HttpStatus.BAD_REQUEST,
                    "Please choose a product and a quantity",
                    "Pick one of the products and a quantity from 1 to " + Catalog.MAX_QUANTITY + ".");
        }
        Optional<PaymentMethod> paying = PaymentMethod.fromForm(method);
        if (paying.isEmpty()) {
            return pages.error(
                    HttpStatus.BAD_REQUEST,
                    "Please choose a payment method",
                    "Pick one of the payment methods the shop offers.");
        }
        String name = customerName == null || customerName.isBlank() ? null : customerName.strip();
        if (name != null && name.length() > ShopPages.MAX_CUSTOMER_NAME) {
            return pages.error(
                    HttpStatus.BAD_REQUEST,
                    "Please shorten your name",
                    "Your name may have at most " + ShopPages.MAX_CUSTOMER_NAME + " characters.");
        }
        return pages.checkout(checkout.order(chosen.get(), count, paying.get(), name));
    }

    @ExceptionHandler(EdgeRefusedException.class)
    ResponseEntity<String> refused(EdgeRefusedException e) {
        log.warn("The payment service refused an order: HTTP {}", e.status());
        String detail = e.detail() == null ? "" : " (" + e.detail() + ")";
        return pages.error(
                HttpStatus.BAD_GATEWAY,
                "The payment service refused the order",
                "HTTP " + e.status() + detail + ". Nothing was charged. Please try again later or contact the shop.");
    }

    @ExceptionHandler(EdgeUnavailableException.class)
    ResponseEntity<String> unavailable(EdgeUnavailableException e) {
        // the cause's type only: an HTTP error's message would carry the edge's whole answer
        log.warn(
                "The payment service is unavailable: {} ({})",
                e.getMessage(),
                e.getCause() == null ? "no cause" : e.getCause().getClass().getSimpleName());
        return pages.error(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The payment service is unavailable",
                "We could not reach the payment service. Nothing was charged. Please try again in a moment.");
    }

    private static int parseQuantity(String quantity) {
        try {
            return quantity == null ? 0 : Integer.parseInt(quantity.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
