package dev.payments.edge.pg;

import static dev.payments.edge.pg.TossWebhooks.SIGNATURE;
import static dev.payments.edge.pg.TossWebhooks.TRANSMISSION_ID;
import static dev.payments.edge.pg.TossWebhooks.TRANSMISSION_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /pg/webhooks} without a webhook secret (the default): webhooks are published as hints, which the worker
 * checks by reading the payment from the PG, and a signature header is ignored.
 */
@EdgeIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PgWebhookUnsignedIT {

    @Autowired
    EdgeHttp http;

    @Autowired
    OrderEvents events;

    @Test
    void unsignedWebhookIsPublishedAsAnUnverifiedHint() {
        String orderId = TestOrderIds.next("hint");
        String transmissionId = TossWebhooks.newTransmissionId();

        Response response = http.postJson(
                "/pg/webhooks",
                TossWebhooks.paymentStatusChanged(orderId, "pk_hint_1", "DONE", 15_000),
                TRANSMISSION_ID,
                transmissionId,
                TRANSMISSION_TIME,
                TossWebhooks.now());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("type").asString()).isEqualTo("payment.pg.status");
            assertThat(event.get("id").asString()).isEqualTo("webhook:" + transmissionId);
            JsonNode data = event.get("data");
            assertThat(data.get("verification").asString()).isEqualTo("NONE");
            assertThat(data.get("paymentKey").asString()).isEqualTo("pk_hint_1");
            assertThat(data.get("status").asString()).isEqualTo("DONE");
            assertThat(data.get("totalAmount").asLong()).isEqualTo(15_000);
            assertThat(data.get("transmissionId").asString()).isEqualTo(transmissionId);
        });
    }

    @Test
    void withoutASecretASignatureIsIgnoredWhateverItsTime(CapturedOutput output) {
        String orderId = TestOrderIds.next("nosecret");
        String body = TossWebhooks.paymentStatusChanged(orderId, "pk_nosecret_1", "ABORTED", 15_000);
        String transmissionId = TossWebhooks.newTransmissionId();
        String signature = TossWebhooks.signature("whsec_anything", body, TossWebhooks.STALE_TIME);

        Response response = http.postJson(
                "/pg/webhooks",
                body,
                TRANSMISSION_ID,
                transmissionId,
                TRANSMISSION_TIME,
                TossWebhooks.STALE_TIME,
                SIGNATURE,
                signature);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("id").asString()).isEqualTo("webhook:" + transmissionId);
            assertThat(event.get("data").get("verification").asString()).isEqualTo("NONE");
        });
        assertThat(output.getAll())
                .contains(transmissionId + " carries a tosspayments-webhook-signature but payments.pg.webhook-secret"
                        + " is not set")
                .doesNotContain(signature.substring(3));
    }

    @Test
    void aMinimalPaymentWithoutAmountOrApprovalIsEnough() {
        String orderId = TestOrderIds.next("minimal");

        Response response = http.postJson(
                "/pg/webhooks",
                TossWebhooks.withData("""
                        {"paymentKey":"pk_min_1","orderId":"%s","status":"EXPIRED","approvedAt":null,"extra":[1]}""".formatted(orderId)),
                TRANSMISSION_ID,
                TossWebhooks.newTransmissionId());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            JsonNode data = event.get("data");
            assertThat(data.get("status").asString()).isEqualTo("EXPIRED");
            assertThat(data.has("totalAmount")).isFalse();
            assertThat(data.has("approvedAt")).isFalse();
            assertThat(data.get("verification").asString()).isEqualTo("NONE");
        });
    }

    @Test
    void aFlatDepositCallbackWithoutAnyHeaderIsPublished() {
        String orderId = TestOrderIds.next("deposit");

        Response response = http.postJson("/pg/webhooks", TossWebhooks.depositCallback(orderId, "DONE"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("id").asString()).startsWith("webhook:body:");
            assertThat(event.get("data").get("status").asString()).isEqualTo("DONE");
            assertThat(event.get("data").has("paymentKey")).isFalse();
        });
    }
}
