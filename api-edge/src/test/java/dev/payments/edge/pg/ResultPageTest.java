package dev.payments.edge.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeProperties;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The buyer's result page as the controller renders it: the hooks its script fills (what was bought, the amount, the
 * method, the status in words, a virtual account's details) and the link back to the shop, which is there only when
 * {@code payments.edge.shop-url} is set, escaped. How the page is served and refused: {@link PgRedirectRequestsTest}.
 */
class ResultPageTest {

    static final String[] HOOKS = {
        "id=\"status\"",
        "id=\"status-text\"",
        "id=\"detail\"",
        "id=\"order-name\"",
        "id=\"amount\"",
        "id=\"method\"",
        "id=\"virtual-account\" hidden",
        "id=\"bank\"",
        "id=\"account-number\"",
        "id=\"account-holder\"",
        "id=\"deposit-amount\"",
        "id=\"due-date\"",
        "data-step=\"AWAITING_DEPOSIT\""
    };

    @Test
    void withoutAShopUrlThePageHasEveryHookAndNoLinkBack() {
        String page = page(null);

        assertThat(page).contains(HOOKS).doesNotContain("back-to-shop").doesNotContain("href=\"http");
    }

    @Test
    void theLinkBackToTheShopIsTheConfiguredUrlEscaped() {
        String page = page("https://shop.example.test/return?from=pay&lang=ko");

        assertThat(page)
                .contains(HOOKS)
                .contains("<a id=\"back-to-shop\" href=\"https://shop.example.test/return?from=pay&amp;lang=ko\">");
    }

    private static String page(String shopUrl) {
        Map<String, String> properties = new HashMap<>(
                Map.of("payments.merchant-api-key", "a-merchant-key", "payments.token-secret", "a-token-secret"));
        if (shopUrl != null) {
            properties.put("payments.edge.shop-url", shopUrl);
        }
        EdgeProperties edge = new Binder(new MapConfigurationPropertySource(properties))
                .bind("payments", EdgeProperties.class)
                .get();
        var request = new MockHttpServletRequest("GET", "/orders/order-page-0001/result");
        request.setParameter("token", "tok_page");

        return new ResultPageController(edge)
                .resultPage("order-page-0001", request)
                .getBody();
    }
}
