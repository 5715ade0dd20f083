package dev.payments.shop.checkout;

import dev.payments.shop.catalog.Catalog;
import dev.payments.shop.catalog.Product;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * The shop's HTML, rendered on the server with every value escaped. No script at all, and a Content-Security-Policy
 * that allows only the shop's own style sheet and forms to the shop itself and to the PG's payment window (a form's
 * redirect counts as its target).
 */
final class ShopPages {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final String securityPolicy;

    ShopPages(String pgWindowOrigin) {
        this.securityPolicy = "default-src 'none'; style-src 'self'; form-action 'self' " + pgWindowOrigin
                + "; base-uri 'none'; frame-ancestors 'none'";
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
        String body = """
                <h1>Demo shop (데모 상점)</h1>
                <p>Pick a product and a quantity, then order. You pay in the PG sandbox's payment window: nothing real is
                charged.</p>
                <form id="order-form" method="post" action="/orders">
                <fieldset><legend>Product (상품)</legend>
                %s
                </fieldset>
                <p><label for="quantity">Quantity (수량)</label>
                <select id="quantity" name="quantity">%s</select></p>
                <p><button type="submit" id="order">Order (주문하기)</button></p>
                </form>""".formatted(choices, quantities);
        return page(HttpStatus.OK, "Demo shop", body);
    }

    ResponseEntity<String> error(HttpStatus status, String title, String message) {
        String body = """
                <h1 id="error-title">%s</h1>
                <p id="error-message">%s</p>
                <p><a id="back" href="/">Back to the shop</a></p>""".formatted(esc(title), esc(message));
        return page(status, title, body);
    }

    /** 303 to the PG's payment window. */
    ResponseEntity<String> redirect(URI location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(location)
                .cacheControl(CacheControl.noStore())
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = """
                <!doctype html>
                <html lang="ko">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="/shop.css">
                </head>
                <body>
                <main>
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), body);
        return ResponseEntity.status(status)
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", securityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(html);
    }

    private static String esc(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value, StandardCharsets.UTF_8.name());
    }
}
