package dev.payments.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** READY and IN_PROGRESS payments expire by themselves (the sweep) after their windows, here one second each. */
@TestPropertySource(
        properties = {
            "payments.sandbox.ready-window=1s",
            "payments.sandbox.in-progress-window=1s",
            "payments.sandbox.expiry-sweep-interval=100ms"
        })
class ExpiryTest extends SandboxTestBase {

    @Test
    void anUnpaidWindowExpiresByItselfAndAnnouncesIt() {
        String orderId = SandboxHttp.orderId("expready");
        http.session("{\"orderId\":\"%s\",\"amount\":15000,\"outcome\":\"NONE\"}".formatted(orderId));

        // no read of the payment until the webhook arrived: the sweep expired it
        var webhook = await().atMost(Duration.ofSeconds(10))
                .until(() -> WEBHOOKS.of(orderId), list -> !list.isEmpty())
                .getFirst();

        JsonNode data = SandboxHttp.JSON.readTree(webhook.getBodyAsString()).get("data");
        assertThat(data.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(data.get("failure").get("code").asString()).isEqualTo("EXPIRED_PAYMENT");
        assertThat(http.getApi("/v1/payments/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("EXPIRED");
    }

    @Test
    void anAuthenticatedPaymentNotConfirmedInTimeExpiresAndCannotBeConfirmed() {
        String orderId = SandboxHttp.orderId("expprog");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> !WEBHOOKS.of(orderId).isEmpty());
        Response confirm = http.confirm(paymentKey, orderId, 15_000, null);

        assertThat(confirm.status()).isEqualTo(404);
        assertThat(confirm.code()).isEqualTo("NOT_FOUND_PAYMENT_SESSION");
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
        assertThat(http.ledger(orderId).get("status").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void anApprovedPaymentNeverExpires() {
        String orderId = SandboxHttp.orderId("expdone");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        assertThat(http.confirm(paymentKey, orderId, 15_000, null).status()).isEqualTo(200);

        await().pollDelay(Duration.ofMillis(1500))
                .untilAsserted(() -> assertThat(http.getApi("/v1/payments/" + paymentKey)
                                .json()
                                .get("status")
                                .asString())
                        .isEqualTo("DONE"));
    }

    @Test
    void resetForgetsEveryPayment() {
        String orderId = SandboxHttp.orderId("reset");
        http.paidSession(orderId, 15_000, null);

        Response reset = http.post("/sandbox/v1/reset", "");

        assertThat(reset.status()).isEqualTo(204);
        assertThat(http.getApi("/v1/payments/orders/" + orderId).status()).isEqualTo(404);
        assertThat(http.get("/sandbox/v1/ledger/" + orderId).status()).isEqualTo(404);
    }
}
