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
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /pg/webhooks} with a webhook secret configured, over HTTP into a real broker: only signed
 * PAYMENT_STATUS_CHANGED webhooks are written. How refused webhooks are answered: {@link PgWebhookRequestsTest}.
 */
@EdgeIntegrationTest
@TestPropertySource(properties = "payments.pg.webhook-secret=" + PgWebhookIT.SECRET)
class PgWebhookIT {

    static final String SECRET = "whsec_webhook-test-secret";

    @Autowired
    EdgeHttp http;

    @Autowired
    OrderEvents events;

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

    /** Every kind of refusal, once each: nothing reaches the topic, even for a webhook that was otherwise fine. */
    @Test
    void refusedWebhooksWriteNothing() {
        String orderId = TestOrderIds.next("refusedwh");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_refused_1", "DONE", 15_000);
        long before = events.written();

        List<Response> refused = List.of(
                deliver(body, TossWebhooks.newTransmissionId(), TIME, signature("whsec_wrong", body, TIME)),
                deliver(body, TossWebhooks.newTransmissionId(), TIME, null),
                deliver(body, null, TIME, signature(SECRET, body, TIME)),
                deliver(
                        body.replace("\"DONE\"", "7"),
                        TossWebhooks.newTransmissionId(),
                        TIME,
                        signature(SECRET, body.replace("\"DONE\"", "7"), TIME)),
                http.post(
                        "/pg/webhooks",
                        "text/plain",
                        java.net.http.HttpRequest.BodyPublishers.ofString(body),
                        TRANSMISSION_ID,
                        TossWebhooks.newTransmissionId()));

        assertThat(refused).extracting(Response::status).containsExactly(401, 401, 400, 400, 415);
        events.assertNothingWrittenSince(before);
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
        long before = events.written();

        Response response = http.postJson("/pg/webhooks", body, TRANSMISSION_ID, TossWebhooks.newTransmissionId());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        events.assertNothingWrittenSince(before);
    }

    private Response deliver(String body, String transmissionId, String time, String signature) {
        return http.postJson("/pg/webhooks", body, TossWebhooks.headers(transmissionId, time, signature));
    }
}
