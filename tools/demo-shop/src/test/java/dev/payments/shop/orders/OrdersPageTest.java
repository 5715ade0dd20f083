package dev.payments.shop.orders;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.payments.shop.FakeEdgeTest;
import dev.payments.shop.ShopHttp;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The merchant's Orders page and its Refund forms, with the edge faked at the HTTP level (WireMock): what the page
 * shows of each order, what the edge receives for a refund, what the merchant sees when the edge refuses or is
 * unavailable, and that the merchant key goes to the edge and nowhere else.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=demo-shop",
            "payments.shop.merchant-key=" + OrdersPageTest.MERCHANT_KEY,
            "payments.shop.pg-script-url=http://pg.test:8090/js/v1/payment"
        })
@ExtendWith(OutputCaptureExtension.class)
class OrdersPageTest extends FakeEdgeTest {

    static final String MERCHANT_KEY = "orders-test-merchant-key-5d1e";
    static final String BEARER = "Bearer " + MERCHANT_KEY;
    static final Pattern REFUND_ID_FIELD = Pattern.compile("name=\"refundId\" value=\"([^\"]+)\"");

    @Autowired
    OrderBook book;

    @Test
    void listsTheShopsOrdersNewestFirstWithStatusRefundedAmountRefundsAndARefundFormWhereMoneyIsLeft() {
        String failed = issued("Drip kettle (드립 주전자)", 39_000);
        String paid = issued("Ceramic mug (머그컵) x 2", 24_000);
        String unrecorded = issued("Paper filters x100 (필터)", 4_500);
        edgeShows(order(failed, "FAIL", 39_000, 0, "REJECT_CARD_COMPANY"), "[]");
        edgeShows(
                order(paid, "COMPLETE", 24_000, 9_600, null),
                "[" + refund(paid, "rf-first", 9_600L, "SUCCEEDED", null) + ","
                        + refund(paid, "rf-too-much", 50_000L, "FAILED", "REFUND_EXCEEDS_BALANCE") + "]");
        edgeKnowsNothingOf(unrecorded);

        HttpResponse<String> page = browser.get("/orders");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "form-action 'self';")
                .doesNotContain("pg.test", "script-src", "connect-src", "unsafe-inline"));
        String body = page.body();
        assertThat(body)
                .contains("<h1>Orders (주문 내역)</h1>", "href=\"/\"")
                .doesNotContain("<script", "style=", "http-equiv=\"refresh\"");
        assertThat(body.indexOf("id=\"order-" + unrecorded + "\""))
                .isLessThan(body.indexOf("id=\"order-" + paid + "\""))
                .isLessThan(body.indexOf("id=\"order-" + failed + "\""));

        assertThat(section(body, paid))
                .contains("data-status=\"COMPLETE\"", "data-amount=\"24000\"", "data-refunded-amount=\"9600\"")
                .contains("<h2>Ceramic mug (머그컵) x 2</h2>", "24,000원", "<dd class=\"refunded-amount\">9,600원</dd>")
                .contains(
                        "<tr class=\"refund\" data-refund-id=\"rf-first\" data-status=\"SUCCEEDED\" data-amount=\"9600\">")
                .contains("data-refund-id=\"rf-too-much\" data-status=\"FAILED\"", "FAILED (REFUND_EXCEEDS_BALANCE)")
                .contains("<td>2026-12-01 10:02:01</td>")
                .contains("action=\"/orders/" + paid + "/refunds\"")
                .contains("data-refundable=\"14400\"", "14,400원")
                .contains("name=\"amount\"", "name=\"reason\" value=\"Customer request\"", "Refund (환불)");
        assertThat(refundIdOf(section(body, paid))).matches(RefundPost.REFUND_ID);
        assertThat(section(body, failed))
                .contains("data-status=\"FAIL\"", "FAIL <span class=\"reason\">(REJECT_CARD_COMPANY)</span>")
                .contains("<dd class=\"refunded-amount\">0원</dd>")
                .doesNotContain("<form", "<table");
        assertThat(section(body, unrecorded))
                .contains("Paper filters x100 (필터)", "4,500원", "Not recorded by the payment system yet.")
                .doesNotContain("<form");

        // a form rendered again is a new refund; the same form sent twice is one
        assertThat(refundIdOf(section(browser.get("/orders").body(), paid)))
                .isNotEqualTo(refundIdOf(section(body, paid)));
        List<LoggedRequest> reads = EDGE.findAll(getRequestedFor(urlPathMatching("/api/v1/orders/.*")));
        assertThat(reads).isNotEmpty().allSatisfy(read -> assertThat(read.getHeader("Authorization"))
                .isEqualTo(BEARER));
        assertThat(ShopHttp.everything(page)).doesNotContain(MERCHANT_KEY);
    }

    @Test
    void aRefundUnderWayLeavesOnlyWhatIsLeftToRefundAndThePageReloadsItselfUntilItEnds() {
        String partly = issued("Coffee beans 1kg (원두)", 30_000);
        String wholly = issued("Ceramic mug (머그컵)", 12_000);
        edgeShows(
                order(partly, "COMPLETE", 30_000, 0, null),
                "[" + refund(partly, "rf-under-way", 10_000L, "REQUESTED", null) + "]");
        edgeShows(
                order(wholly, "COMPLETE", 12_000, 0, null),
                "[" + refund(wholly, "rf-all", null, "REQUESTED", null) + "]");

        String body = browser.get("/orders").body();

        assertThat(body).contains("<meta http-equiv=\"refresh\" content=\"2\">");
        assertThat(section(body, partly))
                .contains("data-refund-id=\"rf-under-way\" data-status=\"REQUESTED\"")
                .contains("data-refundable=\"20000\"", "20,000원");
        assertThat(section(body, wholly)).contains("the whole balance").doesNotContain("<form");
    }

    @Test
    void aRefundGoesToTheEdgeWithTheMerchantKeyAndTheFormsRefundIdAndTheBrowserReturnsToTheOrders() {
        String orderId = issued("Ceramic mug (머그컵) x 2", 24_000);
        edgeAccepts(orderId, aResponse().withStatus(202));

        HttpResponse<String> answer = browser.postForm(
                "/orders/" + orderId + "/refunds",
                Map.of("refundId", "rf-part", "amount", "9,600", "reason", "Damaged in transit"));

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location"))
                .hasValue("/orders?order=" + orderId + "&refund=rf-part#order-" + orderId);
        EDGE.verify(postRequestedFor(urlEqualTo("/api/v1/orders/" + orderId + "/refunds"))
                .withHeader("Authorization", equalTo(BEARER))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"refundId":"rf-part","amount":9600,"reason":"Damaged in transit"}""")));
        assertThat(ShopHttp.everything(answer)).doesNotContain(MERCHANT_KEY);
        edgeShows(order(orderId, "COMPLETE", 24_000, 0, null), "[]");
        assertThat(browser.get("/orders?order=" + orderId + "&refund=rf-part").body())
                .contains("<p id=\"notice\">Refund rf-part of order " + orderId + " was asked for.");

        // the whole balance: no amount at all; a cleared reason is the default one
        browser.postForm("/orders/" + orderId + "/refunds", Map.of("refundId", "rf-rest", "amount", "", "reason", " "));
        // the same form sent twice (a double click): the same refundId, which the payment system counts once
        browser.postForm("/orders/" + orderId + "/refunds", Map.of("refundId", "rf-rest", "amount", "", "reason", " "));

        List<LoggedRequest> rest = EDGE.findAll(postRequestedFor(urlEqualTo("/api/v1/orders/" + orderId + "/refunds"))
                .withRequestBody(equalToJson("""
                        {"refundId":"rf-rest","reason":"Customer request"}""")));
        assertThat(rest).hasSize(2);
    }

    @Test
    void showsEachOrdersMethodAndAVirtualAccountAwaitingItsDepositWithItsAccountAndDeadline() {
        String card = issued("Ceramic mug (머그컵)", 12_000);
        String deposited = issued("Drip kettle (드립 주전자)", 39_000);
        String awaiting = issued("Coffee beans 1kg (원두)", 15_000);
        edgeShows(
                order(card, "COMPLETE", 12_000, 0, null).replace("\"paymentKey\"", "\"method\":\"카드\",\"paymentKey\""),
                "[]");
        edgeShows(virtualAccountOrder(deposited, "COMPLETE", 39_000), "[]");
        edgeShows(virtualAccountOrder(awaiting, "AWAITING_DEPOSIT", 15_000), "[]");

        String body = browser.get("/orders").body();

        assertThat(section(body, awaiting))
                .contains("data-status=\"AWAITING_DEPOSIT\"", "data-method=\"가상계좌\"", "<dd class=\"method\">가상계좌</dd>")
                .contains("Awaiting the buyer's transfer into this virtual account (입금 대기 중)")
                .contains("<dd class=\"va-bank\" data-bank-code=\"20\">우리은행 (20)</dd>")
                .contains("<dd class=\"va-account-number\">X1234567890123</dd>", "<dd class=\"va-holder\">김토스</dd>")
                .contains("<time datetime=\"2026-12-08T01:00:00Z\">2026-12-08 10:00:00 KST</time>")
                // nothing paid yet: nothing to refund
                .doesNotContain("<form");
        // deposited: the account is history; its refund asks where the money goes
        assertThat(section(body, deposited))
                .contains("<dd class=\"method\">가상계좌</dd>", "class=\"refund-form\"")
                .contains("<legend>The buyer's refund account (환불 계좌)</legend>")
                .contains("<select name=\"bank\" required><option value=\"\">Choose the bank</option>")
                .contains("<option value=\"88\">신한은행 (88)</option>")
                .contains("name=\"accountNumber\" inputmode=\"numeric\"", "name=\"holderName\" maxlength=\"60\"")
                .doesNotContain("va-account-number", "X1234567890123");
        assertThat(section(body, card))
                .contains("data-method=\"카드\"", "<dd class=\"method\">카드</dd>", "class=\"refund-form\"")
                .doesNotContain("name=\"bank\"", "accountNumber", "virtual-account");
    }

    @Test
    void aVirtualAccountsRefundSendsTheBuyersAccountToTheEdgeAndNeverLogsIt(CapturedOutput output) {
        String orderId = issued("Drip kettle (드립 주전자)", 39_000);
        edgeAccepts(orderId, aResponse().withStatus(202));

        HttpResponse<String> answer = browser.postForm(
                "/orders/" + orderId + "/refunds",
                Map.of(
                        "refundId", "rf-va",
                        "amount", "",
                        "reason", "Customer request",
                        "bank", "88",
                        "accountNumber", "110-987-654321",
                        "holderName", "박환불"));

        assertThat(answer.statusCode()).isEqualTo(303);
        EDGE.verify(postRequestedFor(urlEqualTo("/api/v1/orders/" + orderId + "/refunds"))
                .withHeader("Authorization", equalTo(BEARER))
                .withRequestBody(equalToJson("""
                        {"refundId":"rf-va","reason":"Customer request",
                         "refundReceiveAccount":{"bank":"88","accountNumber":"110987654321","holderName":"박환불"}}""")));

        // the edge cannot take it now: the same refund, account included, to send again; still not logged
        edgeAccepts(orderId, problem(503, """
                {"title":"Service Unavailable","status":503}"""));

        HttpResponse<String> retry = browser.postForm(
                "/orders/" + orderId + "/refunds",
                Map.of(
                        "refundId", "rf-va-2",
                        "amount", "1000",
                        "reason", "Customer request",
                        "bank", "88",
                        "accountNumber", "110987654321",
                        "holderName", "박 \"환불\""));

        assertThat(retry.statusCode()).isEqualTo(503);
        assertThat(retry.body())
                .contains("<input type=\"hidden\" name=\"bank\" value=\"88\">")
                .contains("<input type=\"hidden\" name=\"accountNumber\" value=\"110987654321\">")
                .contains("<input type=\"hidden\" name=\"holderName\" value=\"박 &quot;환불&quot;\">");
        assertThat(output.getAll())
                .contains("Refund rf-va of order " + orderId
                        + " requested (the whole balance, into the buyer's refund account)")
                .doesNotContain("110987654321", "110-987-654321", "박환불", "환불&quot;", "박 \"환불");
    }

    @Test
    void aRefusalByTheEdgeShowsItsDetailAndKeepsItsStatus() {
        String orderId = issued("Drip kettle (드립 주전자)", 39_000);
        edgeAccepts(orderId, problem(409, """
                {"type":"about:blank","title":"Conflict","status":409,
                 "detail":"The refund exceeds the order's refundable balance of 14400 won."}"""));

        HttpResponse<String> exceeds = refund(orderId, "rf-exceeds", "50000");

        assertThat(exceeds.statusCode()).isEqualTo(409);
        assertThat(exceeds.body())
                .contains("<h1 id=\"error-title\">The refund was refused</h1>")
                .contains("HTTP 409: The refund exceeds the order&#39;s refundable balance of 14400 won.")
                .contains("balance of 14400 won. No money was moved", "href=\"/orders\"");

        edgeAccepts(orderId, problem(400, """
                {"type":"about:blank","title":"Invalid request","status":400,"detail":"Invalid request: reason",
                 "errors":[{"field":"reason","message":"must be 1 to 200 characters"}]}"""));

        HttpResponse<String> invalid = refund(orderId, "rf-invalid", "");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("HTTP 400: Invalid request: reason (reason must be 1 to 200 characters)");

        edgeAccepts(orderId, problem(401, """
                {"title":"Unauthorized","status":401,"detail":"A valid merchant API key is required."}"""));

        HttpResponse<String> unauthorized = refund(orderId, "rf-unauthorized", "");

        // the shop's own key is wrong: a bad gateway, not the merchant's mistake
        assertThat(unauthorized.statusCode()).isEqualTo(502);
        assertThat(unauthorized.body()).contains("HTTP 401: A valid merchant API key is required.");
        assertThat(ShopHttp.everything(unauthorized)).doesNotContain(MERCHANT_KEY);
    }

    @Test
    void anUnavailableEdgeShowsARetryMessageWithTheSameRefundToSendAgain() {
        String orderId = issued("Coffee beans 1kg (원두)", 15_000);
        edgeAccepts(orderId, problem(503, """
                {"title":"Service Unavailable","status":503,
                 "detail":"The event could not be stored right now; nothing was accepted. Retry later."}""").withHeader("Retry-After", "3"));

        HttpResponse<String> answer = refund(orderId, "rf-kafka-down", "5000");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.body())
                .contains("The payment service is unavailable", "Please try again in 3 seconds")
                .contains("never refunded twice")
                .contains("<form id=\"retry-form\" method=\"post\" action=\"/orders/" + orderId + "/refunds\">")
                .contains("name=\"refundId\" value=\"rf-kafka-down\"", "name=\"amount\" value=\"5000\"")
                .contains("name=\"reason\" value=\"Customer request\"");

        edgeAccepts(orderId, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        HttpResponse<String> reset = refund(orderId, "rf-reset", "");

        assertThat(reset.statusCode()).isEqualTo(503);
        assertThat(reset.body()).contains("Please try again in a moment", "name=\"amount\" value=\"\"");
    }

    @Test
    void anUnreachableEdgeStillShowsThePageAndIsAskedOnlyOnce() {
        String older = issued("Coffee beans 1kg (원두)", 15_000);
        String newer = issued("Ceramic mug (머그컵)", 12_000);
        EDGE.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        HttpResponse<String> page = browser.get("/orders");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(section(page.body(), newer)).contains(MerchantOrders.UNAVAILABLE);
        assertThat(section(page.body(), older)).contains(MerchantOrders.UNAVAILABLE);
        // the newest order's refunds and order, then no more: the page does not wait out the edge once per order
        assertThat(EDGE.findAll(anyRequestedFor(anyUrl())))
                .extracting(LoggedRequest::getUrl)
                .containsOnly("/api/v1/orders/" + newer + "/refunds", "/api/v1/orders/" + newer);
    }

    @Test
    void aFormThatIsNotValidIsAskedAgainAndNothingGoesToTheEdge() {
        String orderId = issued("Ceramic mug (머그컵)", 12_000);
        List<Map<String, String>> bad = List.of(
                Map.of("refundId", "rf-1", "amount", "0", "reason", "x"),
                Map.of("refundId", "rf-1", "amount", "twelve", "reason", "x"),
                Map.of("refundId", "rf-1", "amount", "1000000001", "reason", "x"),
                Map.of("amount", "100", "reason", "x"),
                Map.of("refundId", "<script>", "amount", "100", "reason", "x"),
                Map.of("refundId", "rf-1", "reason", "x", "bank", "88", "accountNumber", "12ab", "holderName", "김토스"),
                Map.of("refundId", "rf-1", "reason", "x", "bank", "", "accountNumber", "1234", "holderName", "김토스"),
                Map.of("refundId", "rf-1", "reason", "x", "bank", "88", "accountNumber", "1234", "holderName", " "));

        for (Map<String, String> form : bad) {
            HttpResponse<String> answer = browser.postForm("/orders/" + orderId + "/refunds", form);

            assertThat(answer.statusCode()).as(form.toString()).isEqualTo(400);
            assertThat(answer.body()).contains("The refund form is not valid").doesNotContain("<script>");
        }
        assertThat(browser.postForm("/orders/short/refunds", Map.of("refundId", "rf-1"))
                        .statusCode())
                .isEqualTo(400);
        EDGE.verify(0, anyRequestedFor(anyUrl()));
    }

    /** An order the shop issued, in its book, under a new id. */
    private String issued(String orderName, long amount) {
        String orderId = "shop-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        book.add(new OrderBook.Entry(orderId, orderName, amount));
        return orderId;
    }

    private HttpResponse<String> refund(String orderId, String refundId, String amount) {
        Map<String, String> form = new HashMap<>(Map.of("refundId", refundId, "amount", amount));
        form.put("reason", "Customer request");
        return browser.postForm("/orders/" + orderId + "/refunds", form);
    }

    /** The edge's order read and refund list (docs/contract.md §4), for the merchant key only. */
    private static void edgeShows(String order, String refunds) {
        String orderId = order.replaceAll("(?s).*\"orderId\":\"([^\"]+)\".*", "$1");
        EDGE.stubFor(get(urlEqualTo("/api/v1/orders/" + orderId))
                .withHeader("Authorization", equalTo(BEARER))
                .willReturn(json(200, order)));
        EDGE.stubFor(get(urlEqualTo("/api/v1/orders/" + orderId + "/refunds"))
                .withHeader("Authorization", equalTo(BEARER))
                .willReturn(json(200, refunds)));
    }

    private static void edgeKnowsNothingOf(String orderId) {
        String unknown = """
                {"type":"about:blank","title":"Not Found","status":404,"detail":"No order %s is known."}""".formatted(orderId);
        EDGE.stubFor(get(urlPathMatching("/api/v1/orders/" + orderId + "(/refunds)?"))
                .willReturn(problem(404, unknown)));
    }

    private static void edgeAccepts(String orderId, ResponseDefinitionBuilder answer) {
        EDGE.stubFor(post(urlEqualTo("/api/v1/orders/" + orderId + "/refunds"))
                .withHeader("Authorization", equalTo(BEARER))
                .willReturn(answer));
    }

    private static String order(String orderId, String status, long amount, long refunded, String reason) {
        return """
                {"orderId":"%s","status":"%s","amount":%d,"currency":"KRW","orderName":"%s","paymentKey":"pk-1",
                 "reason":%s,"refundedAmount":%d,"createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:01:00Z"}""".formatted(
                        orderId,
                        status,
                        amount,
                        "Ceramic mug (머그컵) x 2",
                        reason == null ? "null" : "\"" + reason + "\"",
                        refunded);
    }

    private static String refund(String orderId, String refundId, Long amount, String status, String code) {
        return """
                {"refundId":"%s","orderId":"%s","amount":%s,"reason":"Customer request","status":"%s","code":%s,
                 "requestedAt":"2026-12-01T10:02:00Z","completedAt":%s}""".formatted(
                        refundId,
                        orderId,
                        amount,
                        status,
                        code == null ? "null" : "\"" + code + "\"",
                        status.equals("REQUESTED") ? "null" : "\"2026-12-01T10:02:01Z\"");
    }

    /** A virtual-account order as the edge reads it: its method, and the account issued for it. */
    private static String virtualAccountOrder(String orderId, String status, long amount) {
        return """
                {"orderId":"%s","status":"%s","amount":%d,"currency":"KRW","orderName":"Coffee","paymentKey":"pk-va",
                 "reason":null,"refundedAmount":0,"createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:01:00Z",
                 "method":"가상계좌","virtualAccount":{"bankCode":"20","accountNumber":"X1234567890123",
                 "customerName":"김토스","dueDate":"2026-12-08T01:00:00Z"}}""".formatted(orderId, status, amount);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder problem(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(body);
    }

    /** The Orders page's section of one order. */
    private static String section(String page, String orderId) {
        int start = page.indexOf("<section class=\"order\" id=\"order-" + orderId + "\"");
        assertThat(start).as("the section of order " + orderId).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    private static String refundIdOf(String section) {
        Matcher field = REFUND_ID_FIELD.matcher(section);
        assertThat(field.find()).as("a Refund form's refundId").isTrue();
        return field.group(1);
    }
}
