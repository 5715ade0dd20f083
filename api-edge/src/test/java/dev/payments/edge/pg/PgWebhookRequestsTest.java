package dev.payments.edge.pg;

import static dev.payments.edge.pg.TossWebhooks.STALE_TIME;
import static dev.payments.edge.pg.TossWebhooks.TRANSMISSION_ID;
import static dev.payments.edge.pg.TossWebhooks.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeWebMvcTest;
import dev.payments.edge.SliceHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The PG's webhooks the edge refuses while a webhook secret is configured, and how: 401 for a present signature that
 * does not verify or is not fresh (never logging the secret or a signature), 400 naming each field of a body it cannot
 * read, before anything is sent. What accepted webhooks write: {@link PgWebhookIT}.
 */
@EdgeWebMvcTest(PgWebhookController.class)
@Import(WebhookSignatures.class)
@TestPropertySource(properties = "payments.pg.webhook-secret=" + PgWebhookIT.SECRET)
@ExtendWith(OutputCaptureExtension.class)
class PgWebhookRequestsTest {

    static final String SECRET = PgWebhookIT.SECRET;

    @Autowired
    SliceHttp http;

    @Test
    void aCompleteTossPaymentObjectFitsTheRequestBodyLimit() {
        String body = TossWebhooks.paymentStatusChanged(
                "order-size-1", "pk_" + "k".repeat(197), "PARTIAL_CANCELED", 1_000_000_000);

        assertThat(body.getBytes(StandardCharsets.UTF_8).length)
                .as("a card payment's webhook, with receipt, checkout and easyPay")
                .isLessThan(4 * 1024);
    }

    /** What the PG (or a forger) sends: body and headers; a null header is left out. */
    record Delivery(String body, String time, String signature) {}

    /** Signed webhooks the edge must refuse; each is otherwise a valid webhook that would be published. */
    static Stream<Arguments> unauthenticWebhooks() {
        String now = TossWebhooks.now();
        return Stream.of(
                unauthentic(
                        "signed with another secret",
                        body -> new Delivery(body, now, signature("whsec_wrong", body, now))),
                unauthentic(
                        "signed for another transmission time",
                        body -> new Delivery(body, now, signature(SECRET, body, TossWebhooks.now() + "0"))),
                unauthentic(
                        "body changed after signing",
                        body -> new Delivery(
                                body.replace("\"totalAmount\":15000", "\"totalAmount\":10"),
                                now,
                                signature(SECRET, body, now))),
                unauthentic("no transmission time", body -> new Delivery(body, null, signature(SECRET, body, now))),
                unauthentic("empty signature", body -> new Delivery(body, now, "")),
                unauthentic("not base64", body -> new Delivery(body, now, "v1:%%%%")),
                unauthentic(
                        "right value, unknown version",
                        body -> new Delivery(
                                body, now, "v2:" + signature(SECRET, body, now).substring(3))),
                unauthentic(
                        "right value without its version",
                        body -> new Delivery(
                                body, now, signature(SECRET, body, now).substring(3))),
                unauthentic(
                        "signed long ago", body -> new Delivery(body, STALE_TIME, signature(SECRET, body, STALE_TIME))),
                unauthentic("signed six minutes ahead", body -> {
                    String ahead = TossWebhooks.timeFromNow(Duration.ofMinutes(6));
                    return new Delivery(body, ahead, signature(SECRET, body, ahead));
                }),
                unauthentic(
                        "signed with a time that is not a time",
                        body -> new Delivery(body, "yesterday", signature(SECRET, body, "yesterday"))));
    }

    private static Arguments unauthentic(String name, Function<String, Delivery> forge) {
        return Arguments.of(name, forge);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticWebhooks")
    void refusesASignedWebhookThatDoesNotVerifyOrIsNotFresh(
            String name, Function<String, Delivery> forge, CapturedOutput output) {
        Delivery delivery =
                forge.apply(TossWebhooks.paymentStatusChanged("order-forged-1", "pk_forged_1", "DONE", 15_000));

        Response response =
                deliver(delivery.body(), TossWebhooks.newTransmissionId(), delivery.time(), delivery.signature());

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).isPresent();
        assertThat(response.json().get("detail").asString()).contains("Nothing was accepted");
        assertThat(output.getAll()).as("the secret is never logged").doesNotContain(SECRET);
        if (delivery.time() != null) {
            assertThat(output.getAll())
                    .as("the right signature is never logged")
                    .doesNotContain(
                            signature(SECRET, delivery.body(), delivery.time()).substring(3));
        }
        if (delivery.signature() != null && delivery.signature().length() > 8) {
            assertThat(output.getAll())
                    .as("the presented signature is never logged")
                    .doesNotContain(delivery.signature());
        }
    }

    static Stream<Arguments> unreadableWebhooks() {
        String valid = TossWebhooks.paymentStatusChanged("ORDER", "pk_bad_1", "DONE", 15_000);
        String flat = TossWebhooks.depositCallback("ORDER", "DONE");
        String wrapped = TossWebhooks.wrappedDepositCallback("ORDER", "DONE");
        return Stream.of(
                Arguments.of("body", "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"data\":{\"orderId\":\"ORDER\""),
                Arguments.of("body", "[\"ORDER\"]"),
                Arguments.of("body", "\"ORDER\""),
                Arguments.of("eventType", valid.replace("\"PAYMENT_STATUS_CHANGED\"", "42")),
                Arguments.of("eventType", valid.replace("\"PAYMENT_STATUS_CHANGED\"", "{}")),
                // without eventType the body is read as a flat deposit callback, which has no orderId at its top
                Arguments.of("orderId", valid.replace("\"eventType\":\"PAYMENT_STATUS_CHANGED\",", "")),
                Arguments.of("data", "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"orderId\":\"ORDER\"}"),
                Arguments.of("data", "{\"eventType\":\"DEPOSIT_CALLBACK\",\"data\":\"ORDER\"}"),
                Arguments.of("data.orderId", valid.replace("\"orderId\":\"ORDER\",", "")),
                Arguments.of("data.orderId", valid.replace("\"orderId\":\"ORDER\"", "\"orderId\":\"ORDER!\"")),
                Arguments.of("data.orderId", valid.replace("\"orderId\":\"ORDER\"", "\"orderId\":\"short\"")),
                Arguments.of("data.orderId", valid.replace("\"orderId\":\"ORDER\"", "\"orderId\":7")),
                Arguments.of("data.paymentKey", valid.replace("\"pk_bad_1\"", "\"" + "k".repeat(201) + "\"")),
                Arguments.of("data.paymentKey", valid.replace("\"pk_bad_1\"", "7")),
                Arguments.of("data.status", valid.replace("\"status\":\"DONE\",", "")),
                Arguments.of("data.status", valid.replace("\"status\":\"DONE\"", "\"status\":7")),
                Arguments.of("data.status", valid.replace("\"DONE\"", "\"" + "S".repeat(41) + "\"")),
                Arguments.of("data.totalAmount", valid.replace("\"totalAmount\":15000", "\"totalAmount\":\"15000\"")),
                Arguments.of("data.totalAmount", valid.replace("\"totalAmount\":15000", "\"totalAmount\":150.5")),
                Arguments.of("data.totalAmount", valid.replace("\"totalAmount\":15000", "\"totalAmount\":-1")),
                Arguments.of("data.approvedAt", valid.replace(TossWebhooks.APPROVED_AT, "yesterday")),
                Arguments.of("data.secret", valid.replace("\"" + TossWebhooks.CARD_SECRET + "\"", "7")),
                Arguments.of("data.secret", valid.replace(TossWebhooks.CARD_SECRET, "s".repeat(101))),
                Arguments.of("data.method", valid.replace("\"간편결제\"", "{}")),
                Arguments.of("data.method", valid.replace("간편결제", "m".repeat(41))),
                Arguments.of("secret", flat.replace("\"" + TossWebhooks.DEPOSIT_SECRET + "\"", "[]")),
                Arguments.of("data.secret", wrapped.replace("\"" + TossWebhooks.DEPOSIT_SECRET + "\"", "true")),
                Arguments.of("orderId", flat.replace("\"orderId\":\"ORDER\"", "\"orderId\":null")),
                Arguments.of("orderId", flat.replace("\"orderId\":\"ORDER\"", "\"orderId\":\"ORDER!\"")),
                Arguments.of("status", flat.replace("\"status\":\"DONE\"", "\"status\":[]")),
                Arguments.of("data.orderId", wrapped.replace("\"orderId\":\"ORDER\"", "\"orderId\":\"\"")),
                Arguments.of("data.status", wrapped.replace("\"status\":\"DONE\",", "")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unreadableWebhooks")
    void refusesAWebhookItCannotReadNamingTheField(String field, String bodyTemplate, CapturedOutput output) {
        String body = bodyTemplate.replace("ORDER", "order-badwh-1");

        Response response = deliver(body, TossWebhooks.newTransmissionId(), null, null);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errorFields()).contains(field);
        assertThat(response.body() + output.getAll())
                .as("the payment's secret is neither answered nor logged")
                .doesNotContain(TossWebhooks.DEPOSIT_SECRET)
                .doesNotContain(TossWebhooks.CARD_SECRET);
    }

    @Test
    void aSignedWebhookThatCannotBeReadIsAnsweredByItsBody() {
        String body = TossWebhooks.depositCallback("order-badwh-2", "DONE").replace("\"orderId\"", "\"order\"");
        String now = TossWebhooks.now();

        Response response = deliver(body, TossWebhooks.newTransmissionId(), now, signature("whsec_wrong", body, now));

        assertThat(response.status()).as("nothing would be published anyway").isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("orderId");
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupported() {
        Response response = http.post(
                "/pg/webhooks",
                "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8),
                TRANSMISSION_ID,
                TossWebhooks.newTransmissionId());

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private Response deliver(String body, String transmissionId, String time, String signature) {
        return http.postJson("/pg/webhooks", body, TossWebhooks.headers(transmissionId, time, signature));
    }
}
