package dev.payments.edge.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeWebMvcTest;
import dev.payments.edge.SliceHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The PG's redirects the edge refuses, and how (a 400 problem+json naming the parameter, for browsers too, before
 * anything is sent); and the result page they lead to. What accepted redirects write: {@link PgRedirectIT}.
 */
@EdgeWebMvcTest({PgRedirectController.class, ResultPageController.class})
class PgRedirectRequestsTest {

    static final String TOKEN = PgRedirectIT.TOKEN;

    @Autowired
    SliceHttp http;

    static Stream<Arguments> invalidRedirects() {
        String token = "&token=" + TOKEN;
        String success = "/pg/success?orderId=ORDER" + token + "&paymentKey=pk_1&amount=15000";
        String fail = "/pg/fail?orderId=ORDER" + token + "&code=REJECT_CARD_COMPANY&message=no";
        return Stream.of(
                Arguments.of("orderId", "/pg/success?token=" + TOKEN + "&paymentKey=pk_1&amount=15000"),
                Arguments.of("orderId", success.replace("orderId=ORDER", "orderId=ORDER&orderId=other-order-1")),
                Arguments.of("orderId", "/pg/success?orderId=bad%21id" + token + "&paymentKey=pk_1&amount=15000"),
                Arguments.of("token", success.replace(token, "")),
                Arguments.of("token", success.replace(token, "&token=" + "t".repeat(513))),
                Arguments.of("token", success + "&token=another-token"),
                Arguments.of("paymentKey", success.replace("&paymentKey=pk_1", "")),
                Arguments.of("paymentKey", success.replace("pk_1", "k".repeat(201))),
                Arguments.of("paymentKey", success + "&paymentKey=pk_2"),
                Arguments.of("amount", success.replace("&amount=15000", "")),
                Arguments.of("amount", success.replace("amount=15000", "amount=-1")),
                Arguments.of("amount", success.replace("amount=15000", "amount=15000.5")),
                Arguments.of("amount", success.replace("amount=15000", "amount=abc")),
                Arguments.of("amount", success.replace("amount=15000", "amount=1000000000001")),
                Arguments.of("amount", success + "&amount=16000"),
                Arguments.of("paymentType", success + "&paymentType=" + "x".repeat(51)),
                Arguments.of("orderId", fail.replace("orderId=ORDER", "orderId=ORDER&orderId=other-order-1")),
                Arguments.of("orderId", "/pg/fail?orderId=short" + token),
                Arguments.of("token", fail.replace(token, "")),
                Arguments.of("code", fail.replace("code=REJECT_CARD_COMPANY", "code=" + "C".repeat(101))),
                Arguments.of("code", fail + "&code=PAY_PROCESS_CANCELED"),
                Arguments.of("message", fail.replace("message=no", "message=" + "m".repeat(1001))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidRedirects")
    void refusesAnInvalidParameterNamingIt(String field, String pathAndQuery) {
        Response response = http.get(pathAndQuery.replace("ORDER", "order-0001"), "Accept", "text/html");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).as("problem+json even for a browser").startsWith("application/problem+json");
        assertThat(response.errorFields()).contains(field);
        assertThat(response.body()).as("no token is echoed").doesNotContain(TOKEN);
    }

    @Test
    void resultPageEscapesWhatItEchoesAndKeepsTheTokenToItself() {
        String orderId = "order-page-0001";
        String hostile = "\"><script>alert(1)</script>";

        Response page = http.get("/orders/%s/result?token=%s".formatted(orderId, encode(hostile)));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body())
                .contains("data-order-id=\"" + orderId + "\"")
                .contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)")
                .contains("result-page.js")
                .contains("result-page.css")
                .contains("id=\"status\"", "id=\"steps\"", "data-step=\"COMPLETE\"", "id=\"timeline\"")
                .doesNotContain("style=");
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'", "style-src 'self'")
                .doesNotContain("unsafe-inline"));
        assertThat(page.header("Referrer-Policy")).contains("no-referrer");
        assertThat(page.header("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void resultPageScriptPollsTheOrderUntilItIsTerminalShowingAVirtualAccountWhileItAwaitsTheDeposit() {
        Response script = http.get("/result-page.js");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        assertThat(script.body())
                .contains("api/v1/orders/")
                .contains("/events")
                .contains("COMPLETE", "FAIL", "CANCEL")
                .contains("AWAITING_DEPOSIT", "virtualAccount", "accountNumber", "dueDate", "DEPOSIT_EXPIRED")
                .contains("'account-number'", "'due-date'", "'method'", "'order-name'", "'amount'")
                .contains("textContent", "dataset.terminal")
                .doesNotContain("innerHTML")
                .doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write");
    }

    @Test
    void resultPageStyleSheetIsServed() {
        Response css = http.get("/result-page.css");

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.body()).contains("#steps", "#timeline");
    }

    @Test
    void resultPageRefusesAnInvalidOrderIdOrAMissingToken() {
        List<Response> refused =
                List.of(http.get("/orders/bad!id/result?token=t"), http.get("/orders/order-0001/result"));

        for (Response response : refused) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(refused.get(0).errorFields()).containsExactly("orderId");
        assertThat(refused.get(1).errorFields()).containsExactly("token");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
