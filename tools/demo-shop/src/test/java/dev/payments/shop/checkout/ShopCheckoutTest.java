package dev.payments.shop.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.payments.shop.FakeEdgeTest;
import dev.payments.shop.ShopHttp;
import dev.payments.shop.orders.OrderBook;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shop's pages and its calls to the edge, with the edge faked at the HTTP level (WireMock): what the browser sees,
 * what the edge receives, and that the merchant key goes to the edge and nowhere else.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=demo-shop",
            "payments.shop.merchant-key=" + ShopCheckoutTest.MERCHANT_KEY,
            "payments.shop.pg-window-url=http://pg.test:8090/sandbox/checkout"
        })
class ShopCheckoutTest extends FakeEdgeTest {

    static final String MERCHANT_KEY = "shop-test-merchant-key-7f3a";
    static final String TOKEN = "csrf-token-for-the-buyer";

    @Autowired
    OrderBook orders;

    @Test
    void productsPageListsProductsWithPricesAQuantityAndTheOrderButton() {
        HttpResponse<String> page = browser.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("Coffee beans 1kg", "15,000원", "Drip kettle", "39,000원", "Ceramic mug", "12,000원")
                .contains("name=\"product\"", "<select id=\"quantity\" name=\"quantity\">")
                .contains("Order (주문하기)")
                .contains("action=\"/orders\"")
                .contains("<a id=\"orders-link\" href=\"/orders\">")
                .doesNotContain("<script")
                .doesNotContain("style=")
                .doesNotContain(MERCHANT_KEY);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "form-action 'self' http://pg.test:8090")
                .doesNotContain("script-src")
                .doesNotContain("unsafe-inline"));
        assertThat(browser.get("/shop.css").statusCode()).isEqualTo(200);
    }

    @Test
    void orderIsIssuedAtTheEdgeWithTheMerchantKeyAndTheBrowserGoesToThePaymentWindow() {
        edgeIssues();
        EDGE.stubFor(post(urlPathMatching("/api/v1/orders/[^/]+/checkout"))
                .willReturn(aResponse().withStatus(202)));

        HttpResponse<String> answer = browser.postForm("/orders", Map.of("product", "ceramic-mug", "quantity", "2"));

        assertThat(answer.statusCode()).isEqualTo(303);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(location.getScheme() + "://" + location.getAuthority() + location.getPath())
                .isEqualTo("http://pg.test:8090/sandbox/checkout");
        Map<String, String> window = UriComponentsBuilder.fromUri(location)
                .build(true)
                .getQueryParams()
                .toSingleValueMap();
        String orderId = decode(window.get("orderId"));
        assertThat(orderId).matches("shop-[0-9a-f]{20}");
        assertThat(decode(window.get("clientKey"))).isEqualTo("test_ck_from_edge");
        assertThat(decode(window.get("amount"))).isEqualTo("24000");
        assertThat(decode(window.get("orderName"))).isEqualTo("Ceramic mug (머그컵) x 2");
        assertThat(decode(window.get("successUrl")))
                .isEqualTo("http://edge.test/pg/success?orderId=" + orderId + "&token=" + TOKEN);
        assertThat(decode(window.get("failUrl")))
                .isEqualTo("http://edge.test/pg/fail?orderId=" + orderId + "&token=" + TOKEN);
        assertThat(window).containsOnlyKeys("clientKey", "orderId", "orderName", "amount", "successUrl", "failUrl");

        List<LoggedRequest> issued = EDGE.findAll(postRequestedFor(urlEqualTo("/api/v1/orders")));
        assertThat(issued).hasSize(1);
        assertThat(issued.get(0).getHeader("Authorization")).isEqualTo("Bearer " + MERCHANT_KEY);
        EDGE.verify(
                postRequestedFor(urlEqualTo("/api/v1/orders")).withRequestBody(equalToJson("""
                        {"orderId":"%s","amount":24000,"currency":"KRW","orderName":"Ceramic mug (머그컵) x 2"}""".formatted(orderId))));
        // checkout is the buyer's act: it carries the order's token, never the merchant key
        EDGE.verify(postRequestedFor(urlEqualTo("/api/v1/orders/" + orderId + "/checkout"))
                .withRequestBody(equalToJson("{\"csrfToken\":\"" + TOKEN + "\"}"))
                .withoutHeader("Authorization"));
        assertThat(ShopHttp.everything(answer)).doesNotContain(MERCHANT_KEY);
        // the merchant's Orders page lists it
        assertThat(orders.newestFirst().getFirst())
                .isEqualTo(new OrderBook.Entry(orderId, "Ceramic mug (머그컵) x 2", 24_000));
    }

    @Test
    void aRefusalByTheEdgeShowsAnErrorPageAndStartsNoCheckout() {
        List<OrderBook.Entry> before = orders.newestFirst();
        EDGE.stubFor(post(urlEqualTo("/api/v1/orders"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("""
                                {"type":"about:blank","title":"Unauthorized","status":401,
                                 "detail":"A valid merchant API key is required as 'Authorization: Bearer <key>'."}""")));

        HttpResponse<String> answer = browser.postForm("/orders", Map.of("product", "coffee-beans", "quantity", "1"));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.body())
                .contains("id=\"error-title\"", "The payment service refused the order")
                .contains("HTTP 401")
                .contains("A valid merchant API key is required as &#39;Authorization: Bearer &lt;key&gt;&#39;.")
                .contains("href=\"/\"");
        assertThat(ShopHttp.everything(answer)).doesNotContain(MERCHANT_KEY);
        EDGE.verify(1, anyRequestedFor(anyUrl()));
        EDGE.verify(0, postRequestedFor(urlPathMatching("/api/v1/orders/.*/checkout")));
        // an order the edge refused is none of the shop's
        assertThat(orders.newestFirst()).isEqualTo(before);
    }

    @Test
    void anEdgeThatFailsMidAnswerShowsTheUnavailablePageAndStartsNoCheckout() {
        EDGE.stubFor(
                post(urlEqualTo("/api/v1/orders")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        HttpResponse<String> answer = browser.postForm("/orders", Map.of("product", "drip-kettle", "quantity", "1"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.body()).contains("The payment service is unavailable", "Nothing was charged");
        EDGE.verify(0, postRequestedFor(urlPathMatching("/api/v1/orders/.*/checkout")));
    }

    @Test
    void aFailedCheckoutAfterIssuanceShowsTheUnavailablePageInsteadOfOpeningTheWindow() {
        edgeIssues();
        EDGE.stubFor(post(urlPathMatching("/api/v1/orders/[^/]+/checkout"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"title\":\"Service Unavailable\",\"status\":503}")));

        HttpResponse<String> answer = browser.postForm("/orders", Map.of("product", "coffee-beans", "quantity", "3"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.body()).contains("The payment service is unavailable");
        EDGE.verify(2, anyRequestedFor(anyUrl()));
        // issued all the same: the merchant sees it (it will expire unpaid)
        String issuedId = JsonMapper.builder()
                .build()
                .readTree(EDGE.findAll(postRequestedFor(urlEqualTo("/api/v1/orders")))
                        .getFirst()
                        .getBodyAsString())
                .get("orderId")
                .asString();
        assertThat(orders.newestFirst().getFirst().orderId()).isEqualTo(issuedId);
    }

    @Test
    void anUnknownProductOrABadQuantityIsAskedAgainAndNothingGoesToTheEdge() {
        List<Map<String, String>> bad = List.of(
                Map.of("product", "<script>alert(1)</script>", "quantity", "1"),
                Map.of("product", "coffee-beans", "quantity", "0"),
                Map.of("product", "coffee-beans", "quantity", "99"),
                Map.of("product", "coffee-beans", "quantity", "two"),
                Map.of("quantity", "1"));

        for (Map<String, String> form : bad) {
            HttpResponse<String> answer = browser.postForm("/orders", form);

            assertThat(answer.statusCode()).as(form.toString()).isEqualTo(400);
            assertThat(answer.body())
                    .contains("Please choose a product and a quantity")
                    .doesNotContain("<script>");
        }
        EDGE.verify(0, anyRequestedFor(anyUrl()));
    }

    /** The edge's 202 of docs/contract.md §4, echoing the orderId the shop generated. */
    private static void edgeIssues() {
        EDGE.stubFor(post(urlEqualTo("/api/v1/orders"))
                .withHeader("Authorization", equalTo("Bearer " + MERCHANT_KEY))
                .withRequestBody(matchingJsonPath("$.orderId"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"orderId":"{{jsonPath request.body '$.orderId'}}","status":"PREPAY",
                                 "amount":{{jsonPath request.body '$.amount'}},"currency":"KRW",
                                 "orderName":"{{jsonPath request.body '$.orderName'}}","csrfToken":"%s",
                                 "expiresAt":"2026-11-24T01:00:00Z",
                                 "pg":{"clientKey":"test_ck_from_edge",
                                       "successUrl":"http://edge.test/pg/success?orderId={{jsonPath request.body '$.orderId'}}&token=%s",
                                       "failUrl":"http://edge.test/pg/fail?orderId={{jsonPath request.body '$.orderId'}}&token=%s"}}""".formatted(TOKEN, TOKEN, TOKEN))));
    }

    private static String decode(String value) {
        return value == null ? null : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
