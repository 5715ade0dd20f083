package dev.payments.sandbox.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** PAYMENT_STATUS_CHANGED webhooks as the merchant's server receives them: unsigned by default, as Toss sends them. */
class WebhookTest extends SandboxTestBase {

    @Test
    void approvalSendsAnUnsignedPaymentStatusChangedWebhookLikeToss() {
        String orderId = SandboxHttp.orderId("hook");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        http.confirm(paymentKey, orderId, 15_000, null);

        LoggedRequest webhook = await().atMost(Duration.ofSeconds(10))
                .until(() -> WEBHOOKS.of(orderId), list -> list.size() == 1)
                .getFirst();

        JsonNode event = SandboxHttp.JSON.readTree(webhook.getBodyAsString());
        assertThat(event.get("eventType").asString()).isEqualTo("PAYMENT_STATUS_CHANGED");
        assertThat(event.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
        assertThat(event.get("data").get("status").asString()).isEqualTo("DONE");
        assertThat(event.get("data").get("paymentKey").asString()).isEqualTo(paymentKey);
        assertThat(webhook.getHeader("tosspayments-webhook-transmission-id")).isNotBlank();
        assertThat(webhook.getHeader("tosspayments-webhook-transmission-retried-count"))
                .isEqualTo("0");
        assertThat(webhook.getHeader("tosspayments-webhook-transmission-time")).isNotBlank();
        assertThat(webhook.containsHeader("tosspayments-webhook-signature"))
                .as("unsigned by default, although a webhook secret is configured")
                .isFalse();
        await().untilAsserted(() -> assertThat(
                        http.ledger(orderId).get("webhooksDelivered").asLong())
                .isEqualTo(1));
        assertThat(http.ledger(orderId).get("webhooksSent").asLong()).isEqualTo(1);
    }

    @Test
    void abortAndCancelsAreAnnouncedButTheWindowsOwnStepsAreNot() {
        String rejected = SandboxHttp.orderId("hookabort");
        String rejectedKey = http.paidSession(rejected, 15_000, "{\"behaviour\":\"REJECT\"}")
                .get("paymentKey")
                .asString();
        http.confirm(rejectedKey, rejected, 15_000, null);
        String canceled = SandboxHttp.orderId("hookcancel");
        String canceledKey =
                http.paidSession(canceled, 15_000, null).get("paymentKey").asString();
        http.confirm(canceledKey, canceled, 15_000, null);
        http.postApi("/v1/payments/" + canceledKey + "/cancel", "{\"cancelReason\":\"a\",\"cancelAmount\":1}", null);
        clock.advance(Duration.ofSeconds(1));
        http.postApi("/v1/payments/" + canceledKey + "/cancel", "{\"cancelReason\":\"b\"}", null);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(WEBHOOKS.statusesOf(rejected)).containsExactly("ABORTED");
            assertThat(WEBHOOKS.statusesOf(canceled))
                    .containsExactlyInAnyOrder("DONE", "PARTIAL_CANCELED", "PARTIAL_CANCELED");
        });
        // authentication in the window (READY -> IN_PROGRESS) sent nothing
        assertThat(WEBHOOKS.statusesOf(rejected)).doesNotContain("IN_PROGRESS");
    }

    @Test
    void aFailingReceiverGetsSevenRetriesWithTheSameTransmissionId() {
        String orderId = SandboxHttp.orderId("hookretry");
        WEBHOOKS.failFor(orderId);

        List<LoggedRequest> attempts = approveAndAwaitWebhooks(orderId, 8);

        assertThat(attempts)
                .extracting(r -> r.getHeader("tosspayments-webhook-transmission-retried-count"))
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(attempts)
                .extracting(r -> r.getHeader("tosspayments-webhook-transmission-id"))
                .containsOnly(attempts.getFirst().getHeader("tosspayments-webhook-transmission-id"));
        assertThat(attempts).noneMatch(r -> r.containsHeader("tosspayments-webhook-signature"));
        // the 7th retry was the last one
        await().pollDelay(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                        http.ledger(orderId).get("webhookAttempts").asLong())
                .isEqualTo(8));
        assertThat(WEBHOOKS.of(orderId)).hasSize(8);
        assertThat(http.ledger(orderId).get("webhooksDelivered").asLong()).isZero();
    }
}
