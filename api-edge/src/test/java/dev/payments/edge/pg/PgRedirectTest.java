package dev.payments.edge.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.EmbeddedPostgresInitializer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** The PG's browser redirects to successUrl/failUrl, and the result page they end on. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-edge", "payments.token-secret=redirect-test-secret"})
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
@EmbeddedKafka(partitions = 3, topics = Topics.ORDER_EVENTS)
@DirtiesContext
class PgRedirectTest {

    static final String TOKEN = "tok_Abc-123_xyz";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    EdgeHttp http;
    OrderEvents events;

    @BeforeEach
    void setUp() {
        http = new EdgeHttp(port);
        events = new OrderEvents(broker.getBrokersAsString());
    }

    @Test
    void successRedirectPublishesAVerifiableSuccessClaimAndLeadsToTheResultPage() {
        String orderId = TestOrderIds.next("ok");

        Response response = http.get("/pg/success?orderId=%s&token=%s&paymentKey=pk_5EnNZRJGvaBX7zk2yxLM&amount=15000"
                        .formatted(orderId, TOKEN)
                + "&paymentType=NORMAL");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).contains("/orders/%s/result?token=%s".formatted(orderId, TOKEN));
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("type").asString()).isEqualTo("payment.pg.result");
            assertThat(event.get("source").asString()).isEqualTo("/api-edge");
            JsonNode data = event.get("data");
            assertThat(data.get("outcome").asString()).isEqualTo("SUCCESS");
            assertThat(data.get("channel").asString()).isEqualTo("REDIRECT");
            assertThat(data.get("token").asString()).isEqualTo(TOKEN);
            assertThat(data.get("paymentKey").asString()).isEqualTo("pk_5EnNZRJGvaBX7zk2yxLM");
            assertThat(data.get("amount").asLong()).isEqualTo(15_000);
        });
    }

    @Test
    void equalDuplicateParametersCountAsOne() {
        String orderId = TestOrderIds.next("dup");

        // our successUrl already carries orderId and token; the PG appends its own orderId again
        Response response = http.get("/pg/success?orderId=%s&token=%s&orderId=%s&paymentKey=pk_1&amount=0"
                .formatted(orderId, TOKEN, orderId));

        assertThat(response.status()).isEqualTo(303);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> assertThat(
                        event.get("data").get("amount").asLong())
                .as("a zero amount is a claim for the worker to compare, not a shape error")
                .isZero());
    }

    @Test
    void buyerCancellationBecomesCancel() {
        String orderId = TestOrderIds.next("cancel");

        Response response = http.get("/pg/fail?orderId=%s&token=%s&code=PAY_PROCESS_CANCELED&message=%s"
                .formatted(orderId, TOKEN, encode("사용자에 의해 결제가 취소되었습니다.")));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).contains("/orders/%s/result?token=%s".formatted(orderId, TOKEN));
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            JsonNode data = event.get("data");
            assertThat(data.get("outcome").asString()).isEqualTo("CANCEL");
            assertThat(data.get("channel").asString()).isEqualTo("REDIRECT");
            assertThat(data.get("token").asString()).isEqualTo(TOKEN);
            assertThat(data.get("code").asString()).isEqualTo("PAY_PROCESS_CANCELED");
            assertThat(data.get("message").asString()).isEqualTo("사용자에 의해 결제가 취소되었습니다.");
            assertThat(data.has("paymentKey")).isFalse();
        });
    }

    @Test
    void anyOtherFailureCodeBecomesFail() {
        String orderId = TestOrderIds.next("fail");
        String withoutCode = TestOrderIds.next("failnocode");

        Response response = http.get("/pg/fail?orderId=%s&token=%s&code=REJECT_CARD_COMPANY&message=%s"
                .formatted(orderId, TOKEN, encode("card rejected")));
        Response noCode = http.get("/pg/fail?orderId=%s&token=%s".formatted(withoutCode, TOKEN));

        assertThat(response.status()).isEqualTo(303);
        assertThat(noCode.status()).isEqualTo(303);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("data").get("outcome").asString()).isEqualTo("FAIL");
            assertThat(event.get("data").get("code").asString()).isEqualTo("REJECT_CARD_COMPANY");
        });
        assertThat(events.of(withoutCode)).singleElement().satisfies(event -> assertThat(
                        event.get("data").get("outcome").asString())
                .isEqualTo("FAIL"));
    }

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
    void refusesAnInvalidParameterNamingItAndWritesNothing(String field, String pathAndQuery) {
        String orderId = TestOrderIds.next("badpg");
        int before = events.all().size();

        Response response = http.get(pathAndQuery.replace("ORDER", orderId), "Accept", "text/html");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).as("problem+json even for a browser").startsWith("application/problem+json");
        assertThat(response.errorFields()).contains(field);
        assertThat(response.body()).as("no token is echoed").doesNotContain(TOKEN);
        events.assertNothingWritten(orderId, before);
        assertThat(events.all()).noneMatch(r -> "other-order-1".equals(r.key()));
    }

    @Test
    void resultPageEscapesWhatItEchoesAndKeepsTheTokenToItself() {
        String orderId = TestOrderIds.next("page");
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
    void resultPageScriptPollsTheOrderUntilItIsTerminal() {
        Response script = http.get("/result-page.js");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        assertThat(script.body())
                .contains("api/v1/orders/")
                .contains("/events")
                .contains("COMPLETE", "FAIL", "CANCEL")
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
