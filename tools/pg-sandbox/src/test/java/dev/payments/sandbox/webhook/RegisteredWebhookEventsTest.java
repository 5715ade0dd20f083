package dev.payments.sandbox.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A merchant that registered only DEPOSIT_CALLBACK gets a virtual account's changes once, flat, and nothing for a card;
 * a sandbox told that look-ups show the secret shows it.
 */
@TestPropertySource(
        properties = {
            "payments.sandbox.webhook-events=DEPOSIT_CALLBACK",
            "payments.sandbox.virtual-account.secret-in-lookups=true"
        })
class RegisteredWebhookEventsTest extends SandboxTestBase {

    @Test
    void onlyTheRegisteredEventIsSent() {
        String virtualAccount = SandboxHttp.orderId("regva");
        String card = SandboxHttp.orderId("regcard");
        JsonNode issued = http.issuedVirtualAccount(virtualAccount, 15_000, null);
        http.deposit(issued.get("paymentKey").asString(), "");
        String cardKey = http.paidSession(card, 15_000, null).get("paymentKey").asString();
        http.confirm(cardKey, card, 15_000, null);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> WEBHOOKS.depositCallbackStatusesOf(virtualAccount).contains("DONE"));
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                        http.get("/sandbox/v1/ledger")
                                .json()
                                .get("webhookAttempts")
                                .asLong())
                .isEqualTo(http.get("/sandbox/v1/ledger")
                        .json()
                        .get("webhooksSent")
                        .asLong()));

        assertThat(WEBHOOKS.of(virtualAccount)).isEmpty();
        assertThat(WEBHOOKS.of(card)).isEmpty();
        assertThat(http.ledger(card).get("webhooksSent").asLong()).isZero();
        assertThat(http.ledger(virtualAccount).get("webhooksSent").asLong()).isEqualTo(1);
    }

    @Test
    void lookUpsShowTheSecretWhenConfiguredTo() {
        String orderId = SandboxHttp.orderId("regsecret");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);

        JsonNode lookedUp = http.getApi("/v1/payments/orders/" + orderId).json();

        assertThat(lookedUp.get("secret").asString())
                .isEqualTo(issued.get("secret").asString());
    }
}
