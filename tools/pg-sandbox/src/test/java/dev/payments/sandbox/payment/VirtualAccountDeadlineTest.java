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

/**
 * A virtual account's due date passes with nothing announced: the payment stays WAITING_FOR_DEPOSIT (only
 * {@code virtualAccount.expired} turns true), a late transfer bounces, and only the merchant's cancel ends it. Payment
 * windows expire after one second here, so an expired window proves the sweep ran after the due date.
 */
@TestPropertySource(properties = {"payments.sandbox.ready-window=1s", "payments.sandbox.expiry-sweep-interval=100ms"})
class VirtualAccountDeadlineTest extends SandboxTestBase {

    @Test
    void theDueDatePassesWithoutAWebhookAndTheAccountStaysWaitingForItsDeposit() {
        String orderId = SandboxHttp.orderId("vadue");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, "\"validForSeconds\":5")
                .get("paymentKey")
                .asString();
        clock.advance(Duration.ofSeconds(6));
        String sentinel = SandboxHttp.orderId("vaduesweep");
        http.session("{\"orderId\":\"%s\",\"amount\":15000,\"outcome\":\"NONE\"}".formatted(sentinel));

        // the sentinel window, opened after the due date, expired: the sweep has run since the due date
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !WEBHOOKS.of(sentinel).isEmpty());

        assertThat(WEBHOOKS.of(orderId)).isEmpty();
        assertThat(WEBHOOKS.depositCallbacksOf(orderId)).isEmpty();
        JsonNode lookedUp = http.getApi("/v1/payments/" + paymentKey).json();
        assertThat(lookedUp.get("status").asString()).isEqualTo("WAITING_FOR_DEPOSIT");
        assertThat(lookedUp.get("virtualAccount").get("expired").asBoolean()).isTrue();
        assertThat(http.ledger(orderId).get("webhooksSent").asLong()).isZero();
        assertThat(http.get("/sandbox/console/virtual-accounts?orderId=" + orderId)
                        .body())
                .as("the console offers no deposit past the due date")
                .contains("입금기한 지남")
                .doesNotContain("deposit-" + orderId);
    }

    @Test
    void aTransferAfterTheDueDateBouncesAndTheMerchantsCancelEndsThePayment() {
        String orderId = SandboxHttp.orderId("vadue2");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, "\"validForSeconds\":5")
                .get("paymentKey")
                .asString();
        clock.advance(Duration.ofSeconds(6));

        Response late = http.deposit(paymentKey, "");
        Response cancel = http.postApi(
                "/v1/payments/" + paymentKey + "/cancel",
                "{\"cancelReason\":\"입금 기한 만료\"}",
                "deposit-expired-" + orderId);

        assertThat(late.status()).isEqualTo(403);
        assertThat(late.code()).isEqualTo("VIRTUAL_ACCOUNT_EXPIRED");
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().get("status").asString()).isEqualTo("CANCELED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(WEBHOOKS.depositCallbackStatusesOf(orderId)).containsExactly("CANCELED");
            assertThat(WEBHOOKS.statusesOf(orderId)).containsExactly("CANCELED");
        });
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
        assertThat(http.ledger(orderId).get("deposits").asLong()).isZero();
    }
}
