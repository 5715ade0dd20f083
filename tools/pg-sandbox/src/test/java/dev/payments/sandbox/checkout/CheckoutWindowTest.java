package dev.payments.sandbox.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The buyer's payment window: the page, its three buttons and the exact redirects they cause. */
class CheckoutWindowTest extends SandboxTestBase {

    private static final String SUCCESS = "https://shop.example/pg/success?orderId=%s&token=tok_Abc-123";
    private static final String FAIL = "https://shop.example/pg/fail?orderId=%s&token=tok_Abc-123";
    private static final Pattern FORM =
            Pattern.compile("<form method=\"post\" action=\"([^\"]+)/(pay|decline|cancel)\">");

    private Response open(String orderId, String orderName, String amount, String clientKey) {
        return http.get(
                "/sandbox/checkout?clientKey=%s&orderId=%s&orderName=%s&amount=%s&successUrl=%s&failUrl=%s&customerName=%s"
                        .formatted(
                                encode(clientKey),
                                encode(orderId),
                                encode(orderName),
                                amount,
                                encode(SUCCESS.formatted(orderId)),
                                encode(FAIL.formatted(orderId)),
                                encode("김토스")));
    }

    /** The form action of {@code button} on the page, as a browser would post it. */
    private static String action(Response page, String button) {
        Matcher matcher = FORM.matcher(page.body());
        while (matcher.find()) {
            if (matcher.group(2).equals(button)) {
                return matcher.group(1) + "/" + button;
            }
        }
        throw new AssertionError("no " + button + " button on the page");
    }

    private static String paymentKey(Response page) {
        String action = action(page, "pay");
        return action.substring("/sandbox/checkout/".length(), action.length() - "/pay".length());
    }

    @Test
    void openingTheWindowCreatesAReadySessionAndShowsThreeButtons() {
        String orderId = SandboxHttp.orderId("win");

        Response page = open(orderId, "토스 티셔츠 외 2건", "15000", SandboxHttp.CLIENT_KEY);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("토스 티셔츠 외 2건", orderId, "15,000원", "김토스");
        assertThat(action(page, "pay")).endsWith("/pay");
        assertThat(action(page, "decline")).endsWith("/decline");
        assertThat(action(page, "cancel")).endsWith("/cancel");
        Response payment = http.getApi("/v1/payments/orders/" + orderId);
        assertThat(payment.json().get("status").asString()).isEqualTo("READY");
        assertThat(payment.json().get("paymentKey").asString()).isEqualTo(paymentKey(page));
    }

    @Test
    void payRedirectsToSuccessUrlKeepingItsParametersAndOnlyConfirmApproves() {
        String orderId = SandboxHttp.orderId("pay");
        Response page = open(orderId, "주문", "15000", SandboxHttp.CLIENT_KEY);
        String paymentKey = paymentKey(page);

        Response redirect = http.postForm(action(page, "pay"));

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location"))
                .isEqualTo(SUCCESS.formatted(orderId) + "&paymentKey=" + paymentKey + "&orderId=" + orderId
                        + "&amount=15000&paymentType=NORMAL");
        assertThat(http.getApi("/v1/payments/" + paymentKey)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("IN_PROGRESS");
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
        assertThat(http.confirm(paymentKey, orderId, 15_000, null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("DONE");
    }

    @Test
    void declineRedirectsToFailUrlWithTheCardCompanysRefusal() {
        String orderId = SandboxHttp.orderId("decline");
        Response page = open(orderId, "주문", "15000", SandboxHttp.CLIENT_KEY);

        Response redirect = http.postForm(action(page, "decline"));

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location"))
                .isEqualTo(FAIL.formatted(orderId) + "&code=REJECT_CARD_COMPANY&message=" + encode("결제 승인이 거절되었습니다.")
                        + "&orderId=" + orderId);
        assertThat(http.getApi("/v1/payments/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ABORTED");
    }

    @Test
    void cancelRedirectsToFailUrlWithoutAnOrderIdAndChangesNothing() {
        String orderId = SandboxHttp.orderId("close");
        Response page = open(orderId, "주문", "15000", SandboxHttp.CLIENT_KEY);

        Response redirect = http.postForm(action(page, "cancel"));

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location"))
                .isEqualTo(FAIL.formatted(orderId) + "&code=PAY_PROCESS_CANCELED&message="
                        + encode("사용자에 의해 결제가 취소되었습니다."));
        assertThat(http.getApi("/v1/payments/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("READY");
    }

    @Test
    void everythingOnThePageIsHtmlEscaped() {
        String orderId = SandboxHttp.orderId("xss");

        Response page = open(orderId, "<script>alert('x')</script>&\"", "15000", SandboxHttp.CLIENT_KEY);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    }

    @Test
    void aWrongClientKeyOrBadParametersOpenNoSession() {
        String orderId = SandboxHttp.orderId("badwin");

        Response wrongKey = open(orderId, "주문", "15000", "test_ck_someone_else");
        Response badAmount = open(orderId, "주문", "15k", SandboxHttp.CLIENT_KEY);
        Response tooSmall = open(orderId, "주문", "99", SandboxHttp.CLIENT_KEY);
        Response badOrderId = open("short", "주문", "15000", SandboxHttp.CLIENT_KEY);

        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.body()).contains("UNAUTHORIZED_KEY");
        assertThat(badAmount.status()).isEqualTo(400);
        assertThat(tooSmall.status()).isEqualTo(400);
        assertThat(tooSmall.body()).contains("BELOW_MINIMUM_AMOUNT");
        assertThat(badOrderId.body()).contains("INVALID_ORDER_ID");
        assertThat(http.getApi("/v1/payments/orders/" + orderId).status()).isEqualTo(404);
    }

    @Test
    void anApprovedOrderCannotBePaidAgain() {
        String orderId = SandboxHttp.orderId("dupe");
        Response page = open(orderId, "주문", "15000", SandboxHttp.CLIENT_KEY);
        http.postForm(action(page, "pay"));
        http.confirm(paymentKey(page), orderId, 15_000, null);

        Response again = open(orderId, "주문", "15000", SandboxHttp.CLIENT_KEY);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("DUPLICATED_ORDER_ID");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
