package dev.payments.edge.pg;

import static dev.payments.edge.pg.TossWebhooks.RETRIED_COUNT;
import static dev.payments.edge.pg.TossWebhooks.SIGNATURE;
import static dev.payments.edge.pg.TossWebhooks.STALE_TIME;
import static dev.payments.edge.pg.TossWebhooks.TRANSMISSION_ID;
import static dev.payments.edge.pg.TossWebhooks.TRANSMISSION_TIME;
import static dev.payments.edge.pg.TossWebhooks.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
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
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /pg/webhooks} with a webhook secret configured, over HTTP into a real broker. Webhooks as Toss sends
 * them (unsigned, in three shapes) are published as hints carrying the payment's secret; a signature, when present,
 * must verify and be fresh; no webhook is ever published as verified. How refused webhooks are answered: {@link PgWebhookRequestsTest}.
 */
@EdgeIntegrationTest
@TestPropertySource(properties = "payments.pg.webhook-secret=" + PgWebhookIT.SECRET)
@ExtendWith(OutputCaptureExtension.class)
class PgWebhookIT {

    static final String SECRET = "whsec_webhook-test-secret";

    @Autowired
    EdgeHttp http;

    @Autowired
    OrderEvents events;

    static Stream<Arguments> tossShapes() {
        return Stream.of(
                shape(
                        "PAYMENT_STATUS_CHANGED, card",
                        orderId -> TossWebhooks.paymentStatusChanged(orderId, "pk_shape_1", "DONE", 15_000),
                        "pk_shape_1",
                        "DONE",
                        TossWebhooks.CARD_SECRET,
                        "간편결제"),
                shape(
                        "PAYMENT_STATUS_CHANGED, virtual account",
                        orderId -> TossWebhooks.virtualAccountStatusChanged(orderId, "pk_shape_2", "DONE", 15_000),
                        "pk_shape_2",
                        "DONE",
                        TossWebhooks.DEPOSIT_SECRET,
                        "가상계좌"),
                shape(
                        "DEPOSIT_CALLBACK, flat",
                        orderId -> TossWebhooks.depositCallback(orderId, "DONE"),
                        null,
                        "DONE",
                        TossWebhooks.DEPOSIT_SECRET,
                        null),
                shape(
                        "DEPOSIT_CALLBACK, wrapped",
                        orderId -> TossWebhooks.wrappedDepositCallback(orderId, "WAITING_FOR_DEPOSIT"),
                        null,
                        "WAITING_FOR_DEPOSIT",
                        TossWebhooks.DEPOSIT_SECRET,
                        null));
    }

    private static Arguments shape(
            String name,
            Function<String, String> body,
            String paymentKey,
            String status,
            String secret,
            String method) {
        return Arguments.of(name, body, paymentKey, status, secret, method);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tossShapes")
    void unsignedTossWebhookIsPublishedAsAHintWithItsSecretThoughASecretIsConfigured(
            String name,
            Function<String, String> shape,
            String paymentKey,
            String status,
            String secret,
            String method,
            CapturedOutput output) {
        String orderId = TestOrderIds.next("toss");
        String transmissionId = TossWebhooks.newTransmissionId();

        Response response = deliver(shape.apply(orderId), transmissionId, TossWebhooks.now(), null);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("type").asString()).isEqualTo("payment.pg.status");
            assertThat(event.get("id").asString()).isEqualTo("webhook:" + transmissionId);
            assertThat(event.get("source").asString()).isEqualTo("/api-edge");
            assertThat(event.get("subject").asString()).isEqualTo(orderId);
            JsonNode data = event.get("data");
            assertThat(data.get("orderId").asString()).isEqualTo(orderId);
            assertThat(data.get("status").asString()).isEqualTo(status);
            assertThat(data.get("verification").asString()).isEqualTo("NONE");
            assertThat(data.get("transmissionId").asString()).isEqualTo(transmissionId);
            assertThat(data.get("secret").asString())
                    .as("the worker compares it with the virtual account's")
                    .isEqualTo(secret);
            if (paymentKey == null) {
                assertThat(data.has("paymentKey")).isFalse();
            } else {
                assertThat(data.get("paymentKey").asString()).isEqualTo(paymentKey);
            }
            if (method == null) {
                assertThat(data.has("method")).isFalse();
            } else {
                assertThat(data.get("method").asString()).isEqualTo(method);
            }
        });
        assertThat(response.body() + output.getAll())
                .as("the secret is neither answered nor logged")
                .doesNotContain(secret);
    }

    @Test
    void aPaymentWebhookCarriesThePaymentsAmountAndApproval() {
        String orderId = TestOrderIds.next("wh");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_5EnNZRJGvaBX7zk2yxLM", "DONE", 15_000);

        Response response = deliver(body, TossWebhooks.newTransmissionId(), TossWebhooks.now(), null);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            JsonNode data = event.get("data");
            assertThat(data.get("totalAmount").isIntegralNumber()).isTrue();
            assertThat(data.get("totalAmount").asLong()).isEqualTo(15_000);
            assertThat(OffsetDateTime.parse(data.get("approvedAt").asString()).toInstant())
                    .isEqualTo(OffsetDateTime.parse(TossWebhooks.APPROVED_AT).toInstant());
        });
    }

    @Test
    void aSignedWebhookThatVerifiesIsStillOnlyAHintUnderAnIdBoundToTheSignedBytes() throws Exception {
        String orderId = TestOrderIds.next("signed");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_signed_1", "DONE", 15_000);
        String time = TossWebhooks.now();

        Response response = deliver(body, TossWebhooks.newTransmissionId(), time, signature(SECRET, body, time));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("id").asString()).isEqualTo("webhook:sig:" + sha256Hex(body + ":" + time));
            assertThat(event.get("data").get("verification").asString()).isEqualTo("NONE");
        });
    }

    @Test
    void aCapturedSignedWebhookReplayedUnderNewTransmissionIdsIsOneEvent() {
        String orderId = TestOrderIds.next("replay");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_replay_1", "DONE", 15_000);
        String time = TossWebhooks.now();
        String signature = signature(SECRET, body, time);

        for (int replay = 0; replay < 2; replay++) {
            Response response = deliver(body, TossWebhooks.newTransmissionId(), time, signature);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }

        List<JsonNode> written = events.of(orderId);
        assertThat(written).hasSize(2);
        assertThat(written.get(1).get("id").asString())
                .as("the worker's event-id log drops the replay")
                .isEqualTo(written.get(0).get("id").asString())
                .startsWith("webhook:sig:");
        assertThat(written.get(1).get("data").get("transmissionId").asString())
                .isNotEqualTo(written.get(0).get("data").get("transmissionId").asString());
    }

    @Test
    void eachRetryOfAnUnsignedWebhookIsPublishedUnderTheSameEventId() {
        String orderId = TestOrderIds.next("retry");
        String transmissionId = TossWebhooks.newTransmissionId();
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_retry_1", "DONE", 15_000);

        for (int retried = 0; retried < 3; retried++) {
            Response response = http.postJson(
                    "/pg/webhooks",
                    body,
                    TRANSMISSION_ID,
                    transmissionId,
                    TRANSMISSION_TIME,
                    TossWebhooks.now(),
                    RETRIED_COUNT,
                    Integer.toString(retried));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }

        assertThat(events.of(orderId))
                .hasSize(3)
                .allSatisfy(event -> assertThat(event.get("id").asString()).isEqualTo("webhook:" + transmissionId));
    }

    @Test
    void withoutAUsableTransmissionIdTheBodysHashNamesTheWebhook() throws Exception {
        String orderId = TestOrderIds.next("noid");
        String body = TossWebhooks.depositCallback(orderId, "DONE");
        String expectedId = "webhook:body:" + sha256Hex(body);

        List<Response> responses = List.of(
                http.postJson("/pg/webhooks", body),
                http.postJson("/pg/webhooks", body, TRANSMISSION_ID, "has space"),
                http.postJson("/pg/webhooks", body, TRANSMISSION_ID, "t".repeat(193)),
                http.postJson("/pg/webhooks", body, TRANSMISSION_ID, "wh_1", TRANSMISSION_ID, "wh_2"));

        assertThat(responses).extracting(Response::status).containsOnly(200);
        assertThat(events.of(orderId)).hasSize(4).allSatisfy(event -> {
            assertThat(event.get("id").asString()).isEqualTo(expectedId);
            assertThat(event.get("data").has("transmissionId")).isFalse();
        });
    }

    @Test
    void oneMatchingValueAmongSeveralSignaturesIsEnough() {
        String orderId = TestOrderIds.next("multi");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_multi_1", "CANCELED", 15_000);
        String time = TossWebhooks.now();
        String header = String.join(
                ",",
                signature("whsec_previous-secret", body, time),
                "v1:not*base64!",
                "v2:" + signature(SECRET, body, time).substring(3),
                " " + signature(SECRET, body, time) + " ");

        Response response = deliver(body, TossWebhooks.newTransmissionId(), time, header);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("data").get("status").asString()).isEqualTo("CANCELED");
            assertThat(event.get("id").asString()).startsWith("webhook:sig:");
        });
    }

    @Test
    void signatureValuesMaySpreadOverRepeatedHeaders() {
        String orderId = TestOrderIds.next("repeat");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_repeat_1", "DONE", 100);
        String time = TossWebhooks.now();

        Response response = http.postJson(
                "/pg/webhooks",
                body,
                TRANSMISSION_ID,
                TossWebhooks.newTransmissionId(),
                TRANSMISSION_TIME,
                time,
                SIGNATURE,
                signature("whsec_other", body, time),
                SIGNATURE,
                signature(SECRET, body, time));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).hasSize(1);
    }

    @Test
    void aBadSignatureIsRefusedAndWritesNothing() {
        String orderId = TestOrderIds.next("badsig");
        String body = TossWebhooks.depositCallback(orderId, "DONE");
        String time = TossWebhooks.now();
        long before = events.written();

        Response response = deliver(body, TossWebhooks.newTransmissionId(), time, signature("whsec_wrong", body, time));

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(events.of(orderId)).isEmpty();
        events.assertNothingWrittenSince(before);
    }

    @Test
    void aSignedWebhookOutsideTheToleranceIsRefusedAndWritesNothing() {
        String orderId = TestOrderIds.next("stale");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_stale_1", "DONE", 15_000);
        String late = TossWebhooks.timeFromNow(Duration.ofMinutes(-6));
        String early = TossWebhooks.timeFromNow(Duration.ofMinutes(6));
        long before = events.written();

        List<Response> refused = List.of(
                deliver(body, TossWebhooks.newTransmissionId(), STALE_TIME, signature(SECRET, body, STALE_TIME)),
                deliver(body, TossWebhooks.newTransmissionId(), late, signature(SECRET, body, late)),
                deliver(body, TossWebhooks.newTransmissionId(), early, signature(SECRET, body, early)));

        assertThat(refused).extracting(Response::status).containsOnly(401);
        assertThat(refused.getFirst().json().get("detail").asString()).contains("300 s");
        assertThat(events.of(orderId)).isEmpty();
        events.assertNothingWrittenSince(before);
    }

    @Test
    void theLongestTransmissionIdStillMakesASchemaValidEventId() {
        String orderId = TestOrderIds.next("longid");
        String transmissionId = "t".repeat(192);
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_longid_1", "DONE", 15_000);

        Response response = deliver(body, transmissionId, TossWebhooks.now(), null);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.get("id").asString()).hasSize(200));
    }

    @Test
    void eventTypesTheEdgeDoesNotActOnAreAcknowledgedAndWriteNothing() {
        String orderId = TestOrderIds.next("ignored");
        String payment = "{\"orderId\":\"%s\",\"status\":\"CANCELED\"}".formatted(orderId);
        String payout = "{\"eventType\":\"payout.changed\",\"createdAt\":\"2024-02-13T12:18:14.000000\","
                + "\"data\":{\"payoutKey\":\"po_1\",\"status\":\"COMPLETED\"}}";
        String time = TossWebhooks.now();
        long before = events.written();

        List<Response> responses = List.of(
                http.postJson(
                        "/pg/webhooks",
                        "{\"eventType\":\"CANCEL_STATUS_CHANGED\",\"data\":" + payment + "}",
                        TRANSMISSION_ID,
                        TossWebhooks.newTransmissionId()),
                // Toss signs payout events with the payouts key, not ours: still nothing to refuse
                deliver(payout, TossWebhooks.newTransmissionId(), time, signature("payouts-key", payout, time)),
                http.postJson("/pg/webhooks", "{\"eventType\":\"SOMETHING_NEW\",\"data\":[1,2]}"),
                http.postJson("/pg/webhooks", "{\"eventType\":\"with spaces\\nand a newline\"}"));

        assertThat(responses).extracting(Response::status).containsOnly(200);
        events.assertNothingWrittenSince(before);
    }

    private Response deliver(String body, String transmissionId, String time, String signature) {
        return http.postJson("/pg/webhooks", body, TossWebhooks.headers(transmissionId, time, signature));
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
