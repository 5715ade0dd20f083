package dev.payments.edge.pg;

import static dev.payments.edge.pg.TossWebhooks.TIME;
import static dev.payments.edge.pg.TossWebhooks.TRANSMISSION_ID;
import static dev.payments.edge.pg.TossWebhooks.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeWebMvcTest;
import dev.payments.edge.SliceHttp;
import java.nio.charset.StandardCharsets;
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
 * The PG's webhooks the edge refuses while a webhook secret is configured, and how: 401 for a signature that does not
 * verify (never logging the secret or a signature), 400 naming each invalid field, before anything is sent. What signed
 * webhooks write: {@link PgWebhookIT}.
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

    static Stream<Arguments> unauthenticWebhooks() {
        return Stream.of(
                unauthentic(
                        "signed with another secret",
                        body -> new Delivery(body, TIME, signature("whsec_wrong", body, TIME))),
                unauthentic(
                        "signed for another transmission time",
                        body -> new Delivery(body, TIME, signature(SECRET, body, "2024-02-13T12:18:15.123456+09:00"))),
                unauthentic(
                        "body changed after signing",
                        body -> new Delivery(
                                body.replace("\"totalAmount\":15000", "\"totalAmount\":10"),
                                TIME,
                                signature(SECRET, body, TIME))),
                unauthentic("no signature", body -> new Delivery(body, TIME, null)),
                unauthentic("no transmission time", body -> new Delivery(body, null, signature(SECRET, body, TIME))),
                unauthentic("empty signature", body -> new Delivery(body, TIME, "")),
                unauthentic("not base64", body -> new Delivery(body, TIME, "v1:%%%%")),
                unauthentic(
                        "right value, unknown version",
                        body -> new Delivery(
                                body,
                                TIME,
                                "v2:" + signature(SECRET, body, TIME).substring(3))),
                unauthentic(
                        "right value without its version",
                        body -> new Delivery(
                                body, TIME, signature(SECRET, body, TIME).substring(3))));
    }

    private static Arguments unauthentic(String name, Function<String, Delivery> forge) {
        return Arguments.of(name, forge);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticWebhooks")
    void refusesAWebhookWhoseSignatureDoesNotVerify(
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
        assertThat(output.getAll())
                .as("the right signature is never logged")
                .doesNotContain(signature(SECRET, delivery.body(), TIME).substring(3));
        if (delivery.signature() != null && delivery.signature().length() > 8) {
            assertThat(output.getAll())
                    .as("the presented signature is never logged")
                    .doesNotContain(delivery.signature());
        }
    }

    static Stream<Arguments> invalidWebhooks() {
        String valid = TossWebhooks.paymentStatusChanged("ORDER", "pk_bad_1", "DONE", 15_000);
        return Stream.of(
                Arguments.of("body", "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"data\":{\"orderId\":\"ORDER\""),
                Arguments.of("body", "[\"ORDER\"]"),
                Arguments.of("eventType", valid.replace("\"eventType\":\"PAYMENT_STATUS_CHANGED\",", "")),
                Arguments.of("eventType", valid.replace("\"PAYMENT_STATUS_CHANGED\"", "42")),
                Arguments.of("data", "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"orderId\":\"ORDER\"}"),
                Arguments.of("data.orderId", valid.replace("\"orderId\":\"ORDER\",", "")),
                Arguments.of("data.orderId", valid.replace("\"orderId\":\"ORDER\"", "\"orderId\":\"ORDER!\"")),
                Arguments.of("data.orderId", valid.replace("\"orderId\":\"ORDER\"", "\"orderId\":\"short\"")),
                Arguments.of("data.paymentKey", valid.replace("\"paymentKey\":\"pk_bad_1\"", "\"paymentKey\":\"\"")),
                Arguments.of("data.paymentKey", valid.replace("\"pk_bad_1\"", "\"" + "k".repeat(201) + "\"")),
                Arguments.of("data.status", valid.replace("\"status\":\"DONE\",", "")),
                Arguments.of("data.status", valid.replace("\"status\":\"DONE\"", "\"status\":7")),
                Arguments.of("data.status", valid.replace("\"DONE\"", "\"" + "S".repeat(41) + "\"")),
                Arguments.of("data.totalAmount", valid.replace("\"totalAmount\":15000", "\"totalAmount\":\"15000\"")),
                Arguments.of("data.totalAmount", valid.replace("\"totalAmount\":15000", "\"totalAmount\":150.5")),
                Arguments.of("data.totalAmount", valid.replace("\"totalAmount\":15000", "\"totalAmount\":-1")),
                Arguments.of("data.approvedAt", valid.replace(TossWebhooks.APPROVED_AT, "yesterday")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidWebhooks")
    void refusesAnInvalidSignedWebhookNamingTheField(String field, String bodyTemplate) {
        String body = bodyTemplate.replace("ORDER", "order-badwh-1");

        Response response = deliver(body, TossWebhooks.newTransmissionId(), TIME, signature(SECRET, body, TIME));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errorFields()).contains(field);
    }

    static Stream<Arguments> invalidTransmissionIds() {
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("too long", "t".repeat(193)),
                Arguments.of("with a space", "wh 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTransmissionIds")
    void refusesAWebhookWithoutAUsableTransmissionId(String name, String transmissionId) {
        String body = TossWebhooks.paymentStatusChanged("order-noid-1", "pk_noid_1", "DONE", 15_000);

        Response response = deliver(body, transmissionId, TIME, signature(SECRET, body, TIME));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly(TRANSMISSION_ID);
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
