package dev.payments.sandbox.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What the PG does without the merchant: a cancel in Toss's console, an approval the merchant never confirmed. */
class BehindTheMerchantsBackTest extends SandboxTestBase {

    @Test
    void aConsoleCancelFollowsTheCancelRulesAndIsCountedApart() {
        String orderId = SandboxHttp.orderId("console");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        http.confirm(paymentKey, orderId, 15_000, null);

        Response partial = http.post(
                "/sandbox/v1/payments/" + paymentKey + "/cancel", "{\"cancelReason\":\"콘솔\",\"cancelAmount\":4000}");
        clock.advance(Duration.ofMillis(1_001));
        Response beyond = http.post(
                "/sandbox/v1/payments/" + paymentKey + "/cancel", "{\"cancelReason\":\"콘솔\",\"cancelAmount\":11001}");
        Response byTheMerchant =
                http.postApi("/v1/payments/" + paymentKey + "/cancel", "{\"cancelReason\":\"상점\"}", null);

        assertThat(partial.status()).isEqualTo(200);
        assertThat(partial.json().get("status").asString()).isEqualTo("PARTIAL_CANCELED");
        assertThat(partial.json().get("balanceAmount").asLong()).isEqualTo(11_000);
        assertThat(beyond.status()).isEqualTo(403);
        assertThat(beyond.code()).isEqualTo("NOT_CANCELABLE_AMOUNT");
        assertThat(byTheMerchant.json().get("balanceAmount").asLong()).isZero();
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("cancels").asLong()).isEqualTo(2);
        assertThat(ledger.get("consoleCancels").asLong()).isEqualTo(1);
        assertThat(ledger.get("canceledAmount").asLong()).isEqualTo(15_000);
        assertThat(ledger.get("status").asString()).isEqualTo("PARTIAL_CANCELED");
    }

    @Test
    void anApprovalBehindTheMerchantsBackMakesTheUnconfirmedPaymentDone() {
        String inProgress = SandboxHttp.orderId("behind");
        String ready = SandboxHttp.orderId("behindready");
        String inProgressKey =
                http.paidSession(inProgress, 15_000, null).get("paymentKey").asString();
        String readyKey = http.session("{\"orderId\":\"%s\",\"amount\":2000,\"outcome\":\"NONE\"}".formatted(ready))
                .get("paymentKey")
                .asString();

        Response approved = http.post("/sandbox/v1/payments/" + inProgressKey + "/approve", "{}");
        Response fromReady = http.post("/sandbox/v1/payments/" + readyKey + "/approve", "{}");
        Response again = http.post("/sandbox/v1/payments/" + inProgressKey + "/approve", "{}");
        Response confirm = http.confirm(inProgressKey, inProgress, 15_000, null);

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("DONE");
        assertThat(approved.json().get("approvedAt").asString()).isNotBlank();
        assertThat(fromReady.json().get("status").asString()).isEqualTo("DONE");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo("ALREADY_PROCESSED_PAYMENT");
        assertThat(confirm.code()).isEqualTo("ALREADY_PROCESSED_PAYMENT");
        assertThat(http.ledger(inProgress).get("approvals").asLong()).isEqualTo(1);
        assertThat(http.getApi("/v1/payments/orders/" + inProgress)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("DONE");
    }

    @Test
    void aVirtualAccountIsNotApprovedBehindTheBackButDepositedAndIsLeftAsItWas() {
        String ready = SandboxHttp.orderId("backva");
        String readyKey = http.session("{\"orderId\":\"%s\",\"amount\":15000,\"method\":\"가상계좌\",\"outcome\":\"NONE\"}"
                        .formatted(ready))
                .get("paymentKey")
                .asString();

        Response refused = http.post("/sandbox/v1/payments/" + readyKey + "/approve", "{}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("NOT_SUPPORTED_METHOD");
        assertThat(http.ledger(ready).get("status").asString()).isEqualTo("READY");
        assertThat(http.ledger(ready).get("approvals").asLong()).isZero();
    }
}
