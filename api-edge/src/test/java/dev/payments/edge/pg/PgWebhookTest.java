package dev.payments.edge.pg;

import static dev.payments.edge.pg.TossWebhooks.RETRIED_COUNT;
import static dev.payments.edge.pg.TossWebhooks.SIGNATURE;
import static dev.payments.edge.pg.TossWebhooks.TIME;
import static dev.payments.edge.pg.TossWebhooks.TRANSMISSION_ID;
import static dev.payments.edge.pg.TossWebhooks.TRANSMISSION_TIME;
import static dev.payments.edge.pg.TossWebhooks.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.EmbeddedPostgresInitializer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** {@code POST /pg/webhooks} with a webhook secret configured: only signed PAYMENT_STATUS_CHANGED webhooks count. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-edge", "payments.pg.webhook-secret=" + PgWebhookTest.SECRET})
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
@EmbeddedKafka(partitions = 3, topics = Topics.ORDER_EVENTS)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class PgWebhookTest {

    static final String SECRET = "whsec_webhook-test-secret";

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
    void signedWebhookPublishesAStatusVerifiedBySignature() {
        String orderId = TestOrderIds.next("wh");
        String transmissionId = TossWebhooks.newTransmissionId();
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_5EnNZRJGvaBX7zk2yxLM", "DONE", 15_000);

        Response response = deliver(body, transmissionId, TIME, signature(SECRET, body, TIME));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("type").asString()).isEqualTo("payment.pg.status");
            assertThat(event.get("id").asString()).isEqualTo("webhook:" + transmissionId);
            assertThat(event.get("source").asString()).isEqualTo("/api-edge");
            assertThat(event.get("subject").asString()).isEqualTo(orderId);
            JsonNode data = event.get("data");
            assertThat(data.get("orderId").asString()).isEqualTo(orderId);
            assertThat(data.get("paymentKey").asString()).isEqualTo("pk_5EnNZRJGvaBX7zk2yxLM");
            assertThat(data.get("status").asString()).isEqualTo("DONE");
            assertThat(data.get("totalAmount").isIntegralNumber()).isTrue();
            assertThat(data.get("totalAmount").asLong()).isEqualTo(15_000);
            assertThat(OffsetDateTime.parse(data.get("approvedAt").asString()).toInstant())
                    .isEqualTo(OffsetDateTime.parse(TossWebhooks.APPROVED_AT).toInstant());
            assertThat(data.get("verification").asString()).isEqualTo("SIGNATURE");
            assertThat(data.get("transmissionId").asString()).isEqualTo(transmissionId);
        });
    }

    @Test
    void aCompleteTossPaymentObjectFitsTheRequestBodyLimit() {
        String body = TossWebhooks.paymentStatusChanged(
                TestOrderIds.next("size"), "pk_" + "k".repeat(197), "PARTIAL_CANCELED", 1_000_000_000);

        assertThat(body.getBytes(StandardCharsets.UTF_8).length)
                .as("a card payment's webhook, with receipt, checkout and easyPay")
                .isLessThan(4 * 1024);
    }

    @Test
    void eachRetryOfOneWebhookIsPublishedUnderTheSameEventId() {
        String orderId = TestOrderIds.next("retry");
        String transmissionId = TossWebhooks.newTransmissionId();
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_retry_1", "DONE", 15_000);
        List<String> times = List.of(
                "2024-02-13T12:18:14.000001+09:00",
                "2024-02-13T12:19:14.000002+09:00",
                "2024-02-13T12:22:14.000003+09:00");

        for (int retried = 0; retried < times.size(); retried++) {
            String time = times.get(retried);
            Response response = http.postJson(
                    "/pg/webhooks",
                    body,
                    TRANSMISSION_ID,
                    transmissionId,
                    TRANSMISSION_TIME,
                    time,
                    RETRIED_COUNT,
                    Integer.toString(retried),
                    SIGNATURE,
                    signature(SECRET, body, time));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }

        List<JsonNode> written = events.of(orderId);
        assertThat(written).hasSize(3);
        assertThat(written)
                .as("the worker's event-id log drops the second and third")
                .allSatisfy(event -> {
                    assertThat(event.get("id").asString()).isEqualTo("webhook:" + transmissionId);
                    assertThat(event.get("data").get("verification").asString()).isEqualTo("SIGNATURE");
                });
    }

    @Test
    void oneMatchingValueAmongSeveralSignaturesIsEnough() {
        String orderId = TestOrderIds.next("multi");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_multi_1", "CANCELED", 15_000);
        String header = String.join(
                ",",
                signature("whsec_previous-secret", body, TIME),
                "v1:not*base64!",
                "v2:" + signature(SECRET, body, TIME).substring(3),
                " " + signature(SECRET, body, TIME) + " ");

        Response response = deliver(body, TossWebhooks.newTransmissionId(), TIME, header);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("data").get("status").asString()).isEqualTo("CANCELED");
            assertThat(event.get("data").get("verification").asString()).isEqualTo("SIGNATURE");
        });
    }

    @Test
    void signatureValuesMaySpreadOverRepeatedHeaders() {
        String orderId = TestOrderIds.next("repeat");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_repeat_1", "DONE", 100);

        Response response = http.postJson(
                "/pg/webhooks",
                body,
                TRANSMISSION_ID,
                TossWebhooks.newTransmissionId(),
                TRANSMISSION_TIME,
                TIME,
                SIGNATURE,
                signature("whsec_other", body, TIME),
                SIGNATURE,
                signature(SECRET, body, TIME));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).hasSize(1);
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
    void refusesAWebhookWhoseSignatureDoesNotVerifyAndWritesNothing(
            String name, Function<String, Delivery> forge, CapturedOutput output) {
        String orderId = TestOrderIds.next("forged");
        Delivery delivery = forge.apply(TossWebhooks.paymentStatusChanged(orderId, "pk_forged_1", "DONE", 15_000));
        int before = events.all().size();

        Response response =
                deliver(delivery.body(), TossWebhooks.newTransmissionId(), delivery.time(), delivery.signature());

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).isPresent();
        assertThat(response.json().get("detail").asString()).contains("Nothing was accepted");
        events.assertNothingWritten(orderId, before);
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
    void refusesAnInvalidSignedWebhookNamingTheFieldAndWritesNothing(String field, String bodyTemplate) {
        String orderId = TestOrderIds.next("badwh");
        String body = bodyTemplate.replace("ORDER", orderId);
        int before = events.all().size();

        Response response = deliver(body, TossWebhooks.newTransmissionId(), TIME, signature(SECRET, body, TIME));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errorFields()).contains(field);
        events.assertNothingWritten(orderId, before);
    }

    static Stream<Arguments> invalidTransmissionIds() {
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("too long", "t".repeat(193)),
                Arguments.of("with a space", "wh 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTransmissionIds")
    void refusesAWebhookWithoutAUsableTransmissionIdAndWritesNothing(String name, String transmissionId) {
        String orderId = TestOrderIds.next("noid");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_noid_1", "DONE", 15_000);
        int before = events.all().size();

        Response response = deliver(body, transmissionId, TIME, signature(SECRET, body, TIME));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly(TRANSMISSION_ID);
        events.assertNothingWritten(orderId, before);
    }

    @Test
    void theLongestTransmissionIdStillMakesASchemaValidEventId() {
        String orderId = TestOrderIds.next("longid");
        String transmissionId = "t".repeat(192);
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_longid_1", "DONE", 15_000);

        Response response = deliver(body, transmissionId, TIME, signature(SECRET, body, TIME));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.get("id").asString()).hasSize(200));
    }

    @Test
    void otherEventTypesAreAcknowledgedWithoutSignatureAndWriteNothing() {
        String orderId = TestOrderIds.next("deposit");
        String body = """
                {"eventType":"DEPOSIT_CALLBACK","createdAt":"2024-02-13T12:18:14.000000","data":{\
                "secret":"ps_Z1aOwX7K8mj4l6Jeb1yVyQpvxgdP","status":"DONE",\
                "transactionKey":"9C62B18EEF0DE3EB7F4422EB6D14BC6E","orderId":"%s"}}""".formatted(orderId);
        int before = events.all().size();

        Response response = http.postJson("/pg/webhooks", body, TRANSMISSION_ID, TossWebhooks.newTransmissionId());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        events.assertNothingWritten(orderId, before);
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupported() {
        int before = events.all().size();

        Response response = http.post(
                "/pg/webhooks",
                "text/plain",
                java.net.http.HttpRequest.BodyPublishers.ofString("hello"),
                TRANSMISSION_ID,
                TossWebhooks.newTransmissionId());

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(events.all()).hasSize(before);
    }

    private Response deliver(String body, String transmissionId, String time, String signature) {
        List<String> headers = new ArrayList<>();
        if (transmissionId != null) {
            headers.addAll(List.of(TRANSMISSION_ID, transmissionId));
        }
        if (time != null) {
            headers.addAll(List.of(TRANSMISSION_TIME, time));
        }
        if (signature != null) {
            headers.addAll(List.of(SIGNATURE, signature));
        }
        headers.addAll(List.of(RETRIED_COUNT, "0"));
        return http.postJson("/pg/webhooks", body, headers.toArray(String[]::new));
    }
}
