package dev.payments.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With the sweep far away, a read observes the expiry itself (and it is announced once). */
@TestPropertySource(
        properties = {
            "payments.sandbox.ready-window=1s",
            "payments.sandbox.in-progress-window=1s",
            "payments.sandbox.expiry-sweep-interval=1h"
        })
class ExpiryOnReadTest extends SandboxTestBase {

    @Test
    void aReadAfterTheWindowSeesExpired() {
        String orderId = SandboxHttp.orderId("expread");
        http.paidSession(orderId, 15_000, null);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> http.getApi("/v1/payments/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString()
                        .equals("EXPIRED"));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(WEBHOOKS.of(orderId)).hasSize(1));
        assertThat(http.ledger(orderId).get("webhooksSent").asLong()).isEqualTo(1);
    }
}
