package dev.payments.sandbox.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SDK script a shop page loads ({@code /js/v1/payment}) and the two requests it makes: the pre-check
 * ({@code /sandbox/checkout/validate}, whose refusal rejects requestPayment's promise) and the navigation to the
 * window ({@code /sandbox/checkout}), driven here the way the script drives them.
 */
class SdkScriptTest extends SandboxTestBase {

    private static final String SUCCESS = "https://shop.example/pg/success?orderId=%s&token=tok_1";
    private static final String FAIL = "https://shop.example/pg/fail?orderId=%s&token=tok_1";
    private static final Pattern PAY_FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]+/pay)\">");

    /** The query string the script builds from requestPayment's arguments. */
    private static String query(String clientKey, String method, String orderId, long amount) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("clientKey", clientKey);
        parameters.put("method", method);
        parameters.put("amount", Long.toString(amount));
        parameters.put("orderId", orderId);
        parameters.put("orderName", "토스 티셔츠 외 2건");
        parameters.put("customerName", "김토스");
        parameters.put("successUrl", SUCCESS.formatted(orderId));
        parameters.put("failUrl", FAIL.formatted(orderId));
        return parameters.entrySet().stream()
                .map(p -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Test
    void theScriptIsServedWithTossPaymentsAndRequestPaymentAndTheSandboxPathsItUses() {
        Response script = http.get("/js/v1/payment");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.body())
                .contains("global.TossPayments = TossPayments")
                .contains("requestPayment: function (method, params)")
                .contains("new Promise(")
                .contains("'/sandbox/checkout/validate?'")
                .contains("'/sandbox/checkout?'")
                .contains("global.location.assign(")
                .contains("'INVALID_AMOUNT_VALUE'", "'INVALID_PARAMETERS'", "'NOT_SUPPORTED_METHOD'")
                .contains("'/js/v1/payment'")
                .as("the configured public URL is the fallback base")
                .contains("\"http://localhost:8090\"")
                .doesNotContain("__SANDBOX_BASE__");
    }

    @Test
    void aVirtualAccountRequestGoesFromThePreCheckThroughTheWindowToTheSuccessUrlAndIssuesTheAccount() {
        String orderId = SandboxHttp.orderId("sdkva");
        String request = query(SandboxHttp.CLIENT_KEY, "가상계좌", orderId, 15_000);

        Response check = http.get("/sandbox/checkout/validate?" + request, "Origin", "https://shop.example");
        Response window = http.get("/sandbox/checkout?" + request);
        Response redirect = http.postForm(payAction(window), "method=VIRTUAL_ACCOUNT");

        assertThat(check.status()).isEqualTo(204);
        assertThat(check.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(window.status()).isEqualTo(200);
        assertThat(window.body())
                .contains("id=\"method-VIRTUAL_ACCOUNT\" checked")
                .contains("id=\"method-CARD\">", "id=\"method-EASY_PAY\">", "id=\"method-TRANSFER\">")
                .contains("카드", "가상계좌", "간편결제", "계좌이체");
        assertThat(redirect.status()).isEqualTo(303);
        URI location = URI.create(redirect.header("Location"));
        Map<String, String> parameters = parameters(location);
        String paymentKey = parameters.get("paymentKey");
        assertThat(redirect.header("Location"))
                .isEqualTo(SUCCESS.formatted(orderId) + "&paymentKey=" + paymentKey + "&orderId=" + orderId
                        + "&amount=15000&paymentType=NORMAL");
        JsonNode confirmed = http.confirm(paymentKey, orderId, 15_000, null).json();
        assertThat(confirmed.get("status").asString()).isEqualTo("WAITING_FOR_DEPOSIT");
        assertThat(confirmed.get("method").asString()).isEqualTo("가상계좌");
        assertThat(confirmed.get("virtualAccount").get("customerName").asString())
                .isEqualTo("김토스");
    }

    @Test
    void theBuyerCanChangeThePreselectedMethodInTheWindow() {
        String orderId = SandboxHttp.orderId("sdkchange");
        Response window =
                http.get("/sandbox/checkout?" + query(SandboxHttp.CLIENT_KEY, "VIRTUAL_ACCOUNT", orderId, 15_000));

        Response redirect =
                http.postForm(payAction(window), "method=" + URLEncoder.encode("간편결제", StandardCharsets.UTF_8));

        String paymentKey = parameters(URI.create(redirect.header("Location"))).get("paymentKey");
        JsonNode confirmed = http.confirm(paymentKey, orderId, 15_000, null).json();
        assertThat(confirmed.get("status").asString()).isEqualTo("DONE");
        assertThat(confirmed.get("method").asString()).isEqualTo("간편결제");
    }

    @Test
    void thePreCheckRefusesWhatTheWindowWouldRefuseWithACodeAndAMessageAndOpensNothing() {
        String orderId = SandboxHttp.orderId("sdkbad");

        Response wrongKey =
                http.get("/sandbox/checkout/validate?" + query("test_ck_someone_else", "카드", orderId, 15_000));
        Response unknownMethod =
                http.get("/sandbox/checkout/validate?" + query(SandboxHttp.CLIENT_KEY, "현금", orderId, 15_000));
        Response tooSmall =
                http.get("/sandbox/checkout/validate?" + query(SandboxHttp.CLIENT_KEY, "CARD", orderId, 99));
        Response badOrderId =
                http.get("/sandbox/checkout/validate?" + query(SandboxHttp.CLIENT_KEY, "카드", "short", 15_000));
        Response unknownInTheWindow =
                http.get("/sandbox/checkout?" + query(SandboxHttp.CLIENT_KEY, "현금", orderId, 15_000));

        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.code()).isEqualTo("UNAUTHORIZED_KEY");
        assertThat(wrongKey.json().get("message").asString()).isNotBlank();
        assertThat(wrongKey.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(unknownMethod.status()).isEqualTo(400);
        assertThat(unknownMethod.code()).isEqualTo("NOT_SUPPORTED_METHOD");
        assertThat(tooSmall.code()).isEqualTo("BELOW_MINIMUM_AMOUNT");
        assertThat(badOrderId.code()).isEqualTo("INVALID_ORDER_ID");
        assertThat(unknownInTheWindow.status()).isEqualTo(400);
        assertThat(unknownInTheWindow.body()).contains("NOT_SUPPORTED_METHOD");
        assertThat(http.getApi("/v1/payments/orders/" + orderId).status()).isEqualTo(404);
    }

    @Test
    void everyMethodNameAndItsEnglishAliasPassesThePreCheck() {
        for (String method : new String[] {
            "카드", "CARD", "가상계좌", "VIRTUAL_ACCOUNT", "간편결제", "EASY_PAY", "계좌이체", "TRANSFER", "휴대폰", "MOBILE_PHONE"
        }) {
            Response check = http.get("/sandbox/checkout/validate?"
                    + query(SandboxHttp.CLIENT_KEY, method, SandboxHttp.orderId("sdkm"), 15_000));
            assertThat(check.status()).as(method).isEqualTo(204);
        }
    }

    private static String payAction(Response window) {
        Matcher matcher = PAY_FORM.matcher(window.body());
        assertThat(matcher.find()).as("a pay form").isTrue();
        return matcher.group(1);
    }

    private static Map<String, String> parameters(URI location) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
