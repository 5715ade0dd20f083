package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Faults by configuration: every API call fails, with added latency, and every webhook is dropped. */
@TestPropertySource(
        properties = {
            "payments.sandbox.faults.error-rate=1.0",
            "payments.sandbox.faults.webhook-drop-rate=1.0",
            "payments.sandbox.faults.latency=300ms",
            "payments.sandbox.ready-window=1s",
            "payments.sandbox.expiry-sweep-interval=100ms"
        })
class FaultInjectionTest extends SandboxTestBase {

    @Test
    void errorRateOneAnswersEveryApiCall500AfterTheLatency() {
        String orderId = SandboxHttp.orderId("fault");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        long started = System.nanoTime();
        Response confirm = http.confirm(paymentKey, orderId, 15_000, null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Response lookup = http.getApi("/v1/payments/" + paymentKey);
        Response unauthenticated = http.get("/v1/payments/" + paymentKey);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(confirm.status()).isEqualTo(500);
        assertThat(confirm.code()).isEqualTo("FAILED_INTERNAL_SYSTEM_PROCESSING");
        assertThat(lookup.status()).isEqualTo(500);
        assertThat(unauthenticated.status()).isEqualTo(500);
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
        assertThat(http.ledger(orderId).get("status").asString()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void dropRateOneSendsNoWebhook() {
        String orderId = SandboxHttp.orderId("drop");
        http.session("{\"orderId\":\"%s\",\"amount\":15000,\"outcome\":\"NONE\"}".formatted(orderId));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        http.ledger(orderId).get("webhooksDropped").asLong())
                .isEqualTo(1));

        assertThat(http.ledger(orderId).get("status").asString()).isEqualTo("EXPIRED");
        assertThat(http.ledger(orderId).get("webhooksSent").asLong()).isZero();
        assertThat(http.ledger(orderId).get("webhookAttempts").asLong()).isZero();
        assertThat(WEBHOOKS.of(orderId)).isEmpty();
    }
}
