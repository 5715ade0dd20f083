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
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
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
            "payments.shop.pg-script-url=" + ShopCheckoutTest.SCRIPT_URL
        })
class ShopCheckoutTest extends FakeEdgeTest {

    static final String MERCHANT_KEY = "shop-test-merchant-key-7f3a";
    static final String TOKEN = "csrf-token-for-the-buyer";
    static final String SCRIPT_URL = "http://pg.test:8090/js/v1/payment";
    static final Pattern NONCE = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]{24})' ");

    @Autowired
    OrderBook orders;

    @Test
    void productsPageListsProductsWithPricesAQuantityTheMethodsANameAndTheOrderButton() {
        HttpResponse<String> page = browser.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("Coffee beans 1kg", "15,000원", "Drip kettle", "39,000원", "Ceramic mug", "12,000원")
                .contains("name=\"product\"", "<select id=\"quantity\" name=\"quantity\">")
                .contains(
                        "<input type=\"radio\" id=\"method-CARD\" name=\"method\" value=\"CARD\" checked> 카드 (Card)",
                        "id=\"method-VIRTUAL_ACCOUNT\" name=\"method\" value=\"VIRTUAL_ACCOUNT\"> 가상계좌",
                        "id=\"method-EASY_PAY\" name=\"method\" value=\"EASY_PAY\"> 간편결제",
                        "id=\"method-TRANSFER\" name=\"method\" value=\"TRANSFER\"> 계좌이체")
                .contains("name=\"customerName\" value=\"김토스\" maxlength=\"100\"")
                .contains("Order (주문하기)")
                .contains("action=\"/orders\"")
                .contains("<a id=\"orders-link\" href=\"/orders\">")
                .doesNotContain("<script")
                .doesNotContain("style=")
                .doesNotContain(MERCHANT_KEY);
        // the Order button answers the checkout page from the shop: no form goes anywhere else
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "form-action 'self';")
                .doesNotContain("pg.test", "script-src", "connect-src", "unsafe-inline"));
        assertThat(browser.get("/shop.css").statusCode()).isEqualTo(200);
    }

    @Test
    void orderIsIssuedAtTheEdgeWithTheMerchantKeyAndTheCheckoutPageOpensTheWindowThroughThePgScript() {
        edgeIssues();
        edgeStartsCheckouts();

        HttpResponse<String> answer = browser.postForm(
                "/orders",
                Map.of(
                        "product",
                        "ceramic-mug",
                        "quantity",
                        "2",
                        "method",
                        "VIRTUAL_ACCOUNT",
                        "customerName",
                        " 홍길동 "));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        String page = answer.body();
        String orderId = scriptValue(page, "orderId");
        assertThat(orderId).matches("shop-[0-9a-f]{20}");
        // the PG's script from its URL, then the call exactly as a shop page calls Toss's SDK, with the edge's answer
        assertThat(page)
                .contains("<script src=\"" + SCRIPT_URL + "\"></script>")
                .contains("TossPayments(\"test_ck_from_edge\").requestPayment(\"가상계좌\", {")
                .contains("amount: 24000,")
                .contains(".catch(function (error) {", "fail(error && error.code, error && error.message);");
        assertThat(scriptValue(page, "orderName")).isEqualTo("Ceramic mug (머그컵) x 2");
        assertThat(scriptValue(page, "customerName")).isEqualTo("홍길동");
        assertThat(scriptValue(page, "successUrl"))
                .isEqualTo("http://edge.test/pg/success?orderId=" + orderId + "&token=" + TOKEN);
        assertThat(scriptValue(page, "failUrl"))
                .isEqualTo("http://edge.test/pg/fail?orderId=" + orderId + "&token=" + TOKEN);
        // what was ordered, and where a refusal of the SDK is shown
        assertThat(page)
                .contains(
                        "<dd id=\"order-id\">" + orderId + "</dd>", "<dd id=\"order-name\">Ceramic mug (머그컵) x 2</dd>")
                .contains("<dd id=\"amount\" data-amount=\"24000\">24,000원</dd>")
                .contains("<dd id=\"method\" data-method=\"VIRTUAL_ACCOUNT\">가상계좌 (Virtual account)</dd>")
                .contains(
                        "<section id=\"payment-error\" hidden>",
                        "id=\"payment-error-code\"",
                        "id=\"payment-error-message\"")
                .contains("textContent = code == null ? '' : String(code);")
                .doesNotContain("innerHTML", "style=");

        // the sandbox in script-src (its script only) and connect-src (its pre-check), the page's own script by nonce
        String csp = answer.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .startsWith("default-src 'none'; ")
                .contains("; connect-src http://pg.test:8090; ", "style-src 'self'", "form-action 'self';")
                .contains("base-uri 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*", "data:");
        Matcher nonce = NONCE.matcher(csp);
        assertThat(nonce.find()).as(csp).isTrue();
        assertThat(csp).contains("script-src 'nonce-" + nonce.group(1) + "' " + SCRIPT_URL + "; ");
        assertThat(page).contains("<script nonce=\"" + nonce.group(1) + "\">");
        assertThat(page.split("<script", -1)).hasSize(3);
        // every page its own nonce
        String next = browser.postForm("/orders", Map.of("product", "ceramic-mug", "quantity", "1"))
                .headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow();
        assertThat(next).doesNotContain(nonce.group(1));

        List<LoggedRequest> issued = EDGE.findAll(postRequestedFor(urlEqualTo("/api/v1/orders")));
        assertThat(issued).hasSize(2);
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
        assertThat(orders.newestFirst().get(1))
                .isEqualTo(new OrderBook.Entry(orderId, "Ceramic mug (머그컵) x 2", 24_000));
    }

    @Test
    void eachMethodGoesToTheSdkByTheNameTossTakesAndNoneChosenIsACard() {
        edgeIssues();
        edgeStartsCheckouts();
        Map<String, String> tossNames =
                Map.of("CARD", "카드", "VIRTUAL_ACCOUNT", "가상계좌", "EASY_PAY", "간편결제", "TRANSFER", "계좌이체", "", "카드");

        tossNames.forEach((method, tossName) -> {
            HttpResponse<String> answer = browser.postForm(
                    "/orders",
                    Map.of("product", "coffee-beans", "quantity", "1", "method", method, "customerName", ""));

            assertThat(answer.statusCode()).as(method).isEqualTo(200);
            assertThat(answer.body())
                    .as(method)
                    .contains(".requestPayment(\"" + tossName + "\", {")
                    // no name given: none passed, the PG names the buyer itself
                    .doesNotContain("customerName:");
        });
    }

    @Test
    void everyValueOfTheEdgesAnswerAndTheBuyersNameIsEscapedInTheMarkupAndInTheScript() {
        String hostile = "Mug </script><script>alert(1)</script> <!-- \"quoted\" 'single' \\ back\u2028end";
        EDGE.stubFor(post(urlEqualTo("/api/v1/orders"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody(JsonMapper.builder()
                                .build()
                                .createObjectNode()
                                .put("orderId", "shop-hostile-1")
                                .put("status", "PREPAY")
                                .put("amount", 12_000)
                                .put("orderName", hostile)
                                .put("csrfToken", TOKEN)
                                .set(
                                        "pg",
                                        JsonMapper.builder()
                                                .build()
                                                .createObjectNode()
                                                .put("clientKey", "ck\"</script>")
                                                .put("successUrl", "http://edge.test/pg/success?a=\"'<b>&c=</script>")
                                                .put("failUrl", "http://edge.test/pg/fail?x=</SCRIPT>"))
                                .toString())));
        edgeStartsCheckouts();

        HttpResponse<String> answer = browser.postForm(
                "/orders",
                Map.of("product", "ceramic-mug", "quantity", "1", "customerName", "\"><img src=x onerror=alert(2)>"));

        assertThat(answer.statusCode()).isEqualTo(200);
        String page = answer.body();
        // the page's own two scripts, nothing the values could open or close
        assertThat(page.split("<script", -1)).hasSize(3);
        assertThat(page.toLowerCase(Locale.ROOT).split("</script>", -1)).hasSize(3);
        assertThat(page).doesNotContain("<img", "<!--", "alert(1)</");
        // a raw line separator ends a line in older JavaScript: none in the script
        assertThat(page.substring(page.indexOf("<script nonce="))).doesNotContain("\u2028");
        assertThat(page)
                .contains("<dd id=\"order-name\">Mug &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- "
                        + "&quot;quoted&quot; &#39;single&#39;");
        assertThat(scriptValue(page, "orderName")).isEqualTo(hostile);
        assertThat(scriptValue(page, "customerName")).isEqualTo("\"><img src=x onerror=alert(2)>");
        assertThat(scriptValue(page, "successUrl")).isEqualTo("http://edge.test/pg/success?a=\"'<b>&c=</script>");
        assertThat(scriptValue(page, "failUrl")).isEqualTo("http://edge.test/pg/fail?x=</SCRIPT>");
        assertThat(page).contains("TossPayments(\"ck\\u0022\\u003c/script\\u003e\").requestPayment(\"카드\", {");
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
                .contains("href=\"/\"")
                .doesNotContain("<script");
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
        assertThat(answer.body()).contains("The payment service is unavailable").doesNotContain("<script");
        assertThat(answer.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).doesNotContain("script-src"));
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
    void anUnknownProductABadQuantityAnUnknownMethodOrALongNameIsAskedAgainAndNothingGoesToTheEdge() {
        Map<Map<String, String>, String> bad = Map.of(
                Map.of("product", "<script>alert(1)</script>", "quantity", "1"),
                "Please choose a product and a quantity",
                Map.of("product", "coffee-beans", "quantity", "0"),
                "Please choose a product and a quantity",
                Map.of("product", "coffee-beans", "quantity", "99"),
                "Please choose a product and a quantity",
                Map.of("product", "coffee-beans", "quantity", "two"),
                "Please choose a product and a quantity",
                Map.of("quantity", "1"),
                "Please choose a product and a quantity",
                Map.of("product", "coffee-beans", "quantity", "1", "method", "MOBILE_PHONE"),
                "Please choose a payment method",
                Map.of("product", "coffee-beans", "quantity", "1", "method", "<script>"),
                "Please choose a payment method",
                Map.of("product", "coffee-beans", "quantity", "1", "customerName", "김".repeat(101)),
                "Please shorten your name");

        bad.forEach((form, title) -> {
            HttpResponse<String> answer = browser.postForm("/orders", form);

            assertThat(answer.statusCode()).as(form.toString()).isEqualTo(400);
            assertThat(answer.body()).as(form.toString()).contains(title).doesNotContain("<script");
        });
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

    private static void edgeStartsCheckouts() {
        EDGE.stubFor(post(urlPathMatching("/api/v1/orders/[^/]+/checkout"))
                .willReturn(aResponse().withStatus(202)));
    }

    /**
     * The value the checkout page's script passes to {@code requestPayment} as {@code field}: its string literal,
     * decoded. The literal may hold no raw quote, backslash or {@code <}, only {@code \\uXXXX} escapes.
     */
    private static String scriptValue(String page, String field) {
        Matcher literal = Pattern.compile(
                        "\n\\s+" + field + ": \"([^\"\\\\<>&]*(?:\\\\u[0-9a-f]{4}[^\"\\\\<>&]*)*)\",?\n")
                .matcher(page);
        assertThat(literal.find()).as(field + " in the page's script").isTrue();
        Matcher escape = Pattern.compile("\\\\u([0-9a-f]{4})").matcher(literal.group(1));
        StringBuilder value = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(
                    value, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 16))));
        }
        return escape.appendTail(value).toString();
    }
}
