package dev.payments.shop.checkout;

import static dev.payments.shop.web.PageShell.esc;

import dev.payments.shop.catalog.Catalog;
import dev.payments.shop.catalog.Product;
import dev.payments.shop.web.PageShell;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The buyer's pages, whose forms go to the shop itself and to the PG's payment window. */
final class ShopPages {

    private final PageShell shell;

    ShopPages(String pgWindowOrigin) {
        this.shell = PageShell.formsToTheShopAnd(pgWindowOrigin);
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
                <nav><a id="orders-link" href="/orders">Orders (주문 내역)</a></nav>
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
        return shell.page(HttpStatus.OK, "Demo shop", "", body);
    }

    ResponseEntity<String> error(HttpStatus status, String title, String message) {
        return shell.error(status, title, message, "", "/", "Back to the shop");
    }

    /** 303 to the PG's payment window. */
    ResponseEntity<String> redirect(URI location) {
        return PageShell.seeOther(location);
    }
}
