package dev.payments.shop.checkout;

import static dev.payments.shop.web.PageShell.esc;
import static dev.payments.shop.web.PageShell.js;

import dev.payments.shop.catalog.Catalog;
import dev.payments.shop.catalog.Product;
import dev.payments.shop.web.PageShell;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The buyer's pages: the products, whose form goes to the shop itself, and the checkout page, which loads the PG's SDK
 * script and calls {@code requestPayment} with the order the edge issued, as a shop page calls Toss's.
 */
final class ShopPages {

    /** The name the product page proposes (Toss's own sample buyer); the buyer may change or clear it. */
    static final String PROPOSED_CUSTOMER_NAME = "김토스";

    /** The longest customer name the PG takes. */
    static final int MAX_CUSTOMER_NAME = 100;

    private final PageShell shell;
    private final String pgScriptUrl;

    ShopPages(String pgScriptUrl, String pgOrigin) {
        this.shell = PageShell.withPgScript(pgScriptUrl, pgOrigin);
        this.pgScriptUrl = pgScriptUrl;
    }

    ResponseEntity<String> products(List<Product> products) {
        String choices = IntStream.range(0, products.size())
                .mapToObj(i -> {
                    Product p = products.get(i);
                    return """
                            <label class="product"><input type="radio" name="product" value="%s"%s>
                            <span class="name">%s</span> <span class="price" data-price="%d">%s</span></label>""".formatted(
                            esc(p.id()), i == 0 ? " checked" : "", esc(p.name()), p.price(), esc(p.priceLabel()));
                })
                .collect(Collectors.joining("\n"));
        String quantities = IntStream.rangeClosed(1, Catalog.MAX_QUANTITY)
                .mapToObj(q -> "<option value=\"%d\">%d</option>".formatted(q, q))
                .collect(Collectors.joining());
        String methods = Arrays.stream(PaymentMethod.values())
                .map(m ->
                        """
                        <label class="method"><input type="radio" id="method-%s" name="method" value="%s"%s> %s</label>""".formatted(m.name(), m.name(), m == PaymentMethod.DEFAULT ? " checked" : "", esc(m.label())))
                .collect(Collectors.joining("\n"));
        String body = """
                <nav><a id="orders-link" href="/orders">Orders (주문 내역)</a></nav>
                <h1>Demo shop (데모 상점)</h1>
                <p>Pick a product, a quantity and how to pay, then order. You pay in the PG sandbox's payment window:
                nothing real is charged.</p>
                <form id="order-form" method="post" action="/orders">
                <fieldset><legend>Product (상품)</legend>
                %s
                </fieldset>
                <p><label for="quantity">Quantity (수량)</label>
                <select id="quantity" name="quantity">%s</select></p>
                <fieldset id="methods"><legend>Payment method (결제 수단)</legend>
                %s
                </fieldset>
                <p><label for="customer-name">Your name (주문자 이름)</label>
                <input type="text" id="customer-name" name="customerName" value="%s" maxlength="%d"></p>
                <p><button type="submit" id="order">Order (주문하기)</button></p>
                </form>""".formatted(choices, quantities, methods, esc(PROPOSED_CUSTOMER_NAME), MAX_CUSTOMER_NAME);
        return shell.page(HttpStatus.OK, "Demo shop", "", body);
    }

    /**
     * The page the Order button answers: what was ordered, and a script that opens the PG's payment window through its
     * SDK at once; when the SDK refuses, the page shows its {@code code} and {@code message} instead. Every value is
     * HTML-escaped in the markup and written as an escaped string literal in the script.
     */
    ResponseEntity<String> checkout(PaymentRequest request) {
        String nonce = PageShell.newNonce();
        String customerName =
                request.customerName() == null ? "" : "\n      customerName: " + js(request.customerName()) + ",";
        String body = """
                <h1>Payment (결제)</h1>
                <p id="opening">Opening the payment window&hellip; (결제창을 여는 중)</p>
                <dl id="payment">
                <dt>Order</dt><dd id="order-id">%s</dd>
                <dt>Product</dt><dd id="order-name">%s</dd>
                <dt>Amount</dt><dd id="amount" data-amount="%d">%s</dd>
                <dt>Method</dt><dd id="method" data-method="%s">%s</dd>
                </dl>
                <section id="payment-error" hidden>
                <h2 id="payment-error-title">The payment window could not be opened (결제창을 열 수 없습니다)</h2>
                <p><code id="payment-error-code"></code> <span id="payment-error-message"></span></p>
                <p>Nothing was charged. <a id="back" href="/">Back to the shop</a></p>
                </section>
                <noscript><p id="no-script">The payment window opens with JavaScript; please turn it on. Nothing was
                charged. (결제창을 열려면 JavaScript가 필요합니다.)</p></noscript>
                <script src="%s"></script>
                <script nonce="%s">
                (function () {
                  'use strict';
                  function fail(code, message) {
                    document.getElementById('opening').hidden = true;
                    document.getElementById('payment-error-code').textContent = code == null ? '' : String(code);
                    document.getElementById('payment-error-message').textContent = message == null ? '' : String(message);
                    document.getElementById('payment-error').hidden = false;
                  }
                  if (typeof TossPayments !== 'function') {
                    fail('NETWORK_ERROR', 'The payment service could not be reached. (결제 서비스에 연결할 수 없습니다.)');
                    return;
                  }
                  TossPayments(%s).requestPayment(%s, {
                      amount: %d,
                      orderId: %s,
                      orderName: %s,%s
                      successUrl: %s,
                      failUrl: %s
                    })
                    .catch(function (error) {
                      fail(error && error.code, error && error.message);
                    });
                })();
                </script>""".formatted(
                        esc(request.orderId()),
                        esc(request.orderName()),
                        request.amount(),
                        esc(Product.won(request.amount())),
                        request.method().name(),
                        esc(request.method().label()),
                        esc(pgScriptUrl),
                        nonce,
                        js(request.clientKey()),
                        js(request.method().tossName()),
                        request.amount(),
                        js(request.orderId()),
                        js(request.orderName()),
                        customerName,
                        js(request.successUrl()),
                        js(request.failUrl()));
        return shell.page(HttpStatus.OK, "Payment", "", body, nonce);
    }

    ResponseEntity<String> error(HttpStatus status, String title, String message) {
        return shell.error(status, title, message, "", "/", "Back to the shop");
    }
}
