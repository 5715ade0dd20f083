package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Cancels of a virtual account (pg-reference.md "Cancel / refund"): before the deposit only the whole amount, with no
 * refund account; after it, only with the buyer's refund account, partial allowed. Announced twice, as deposits are.
 */
@ExtendWith(OutputCaptureExtension.class)
class VirtualAccountCancelTest extends SandboxTestBase {

    private static final String REFUND_ACCOUNT =
            "\"refundReceiveAccount\":{\"bank\":\"88\",\"accountNumber\":\"%s\",\"holderName\":\"김토스\"}";
    private static final String ACCOUNT_NUMBER = "110987654321";

    private Response cancel(String paymentKey, String body, String idempotencyKey) {
        return http.postApi("/v1/payments/" + paymentKey + "/cancel", body, idempotencyKey);
    }

    @Test
    void beforeTheDepositOnlyAWholeCancelIsAllowedAndItIsAnnouncedTwice() {
        String orderId = SandboxHttp.orderId("vacancel");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, null)
                .get("paymentKey")
                .asString();

        Response partial = cancel(paymentKey, "{\"cancelReason\":\"부분\",\"cancelAmount\":5000}", null);
        Response whole = cancel(
                paymentKey, "{\"cancelReason\":\"입금 기한 만료\",\"cancelAmount\":15000}", "deposit-expired-" + orderId);
        Response replay = cancel(paymentKey, "{\"cancelReason\":\"입금 기한 만료\"}", "deposit-expired-" + orderId);
        Response late = http.deposit(paymentKey, "");

        assertThat(partial.status()).isEqualTo(403);
        assertThat(partial.code()).isEqualTo("NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT");
        assertThat(whole.status()).isEqualTo(200);
        JsonNode canceled = whole.json();
        assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
        assertThat(canceled.get("balanceAmount").asLong()).isZero();
        assertThat(canceled.get("approvedAt").isNull()).isTrue();
        assertThat(canceled.get("cancels").get(0).get("cancelAmount").asLong()).isEqualTo(15_000);
        assertThat(replay.body())
                .as("the same Idempotency-Key replays the first answer")
                .isEqualTo(whole.body());
        assertThat(late.status()).as("a transfer after the cancel bounces").isEqualTo(403);
        assertThat(late.code()).isEqualTo("NOT_WAITING_FOR_DEPOSIT");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(WEBHOOKS.depositCallbackStatusesOf(orderId)).containsExactly("CANCELED");
            assertThat(WEBHOOKS.statusesOf(orderId)).containsExactly("CANCELED");
        });
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("cancels").asLong()).isEqualTo(1);
        assertThat(ledger.get("approvals").asLong()).isZero();
    }

    @Test
    void aWholeCancelWithoutAnAmountIsAllowedBeforeTheDepositAndNeedsNoRefundAccount() {
        String orderId = SandboxHttp.orderId("vacancel2");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, null)
                .get("paymentKey")
                .asString();

        Response whole = cancel(paymentKey, "{\"cancelReason\":\"고객 취소\"}", null);

        assertThat(whole.json().get("status").asString()).isEqualTo("CANCELED");
    }

    @Test
    void afterTheDepositARefundAccountIsRequiredAndPartialRefundsAreAllowed(CapturedOutput output) {
        String orderId = SandboxHttp.orderId("varefund");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);
        String paymentKey = issued.get("paymentKey").asString();
        http.deposit(paymentKey, "");

        Response withoutAccount = cancel(paymentKey, "{\"cancelReason\":\"환불\",\"cancelAmount\":5000}", null);
        Response malformed = cancel(
                paymentKey,
                "{\"cancelReason\":\"환불\",\"cancelAmount\":5000,%s}".formatted(REFUND_ACCOUNT.formatted("12-34")),
                null);
        Response partial = cancel(
                paymentKey,
                "{\"cancelReason\":\"환불\",\"cancelAmount\":5000,%s}"
                        .formatted(REFUND_ACCOUNT.formatted(ACCOUNT_NUMBER)),
                "refund-1");
        clock.advance(Duration.ofMillis(1_001));
        Response rest = cancel(
                paymentKey,
                "{\"cancelReason\":\"환불\",%s}".formatted(REFUND_ACCOUNT.formatted(ACCOUNT_NUMBER)),
                "refund-2");

        assertThat(withoutAccount.status()).isEqualTo(400);
        assertThat(withoutAccount.code()).isEqualTo("INVALID_REFUND_ACCOUNT_INFO");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("INVALID_REFUND_ACCOUNT_INFO");
        assertThat(partial.status()).isEqualTo(200);
        assertThat(partial.json().get("status").asString()).isEqualTo("PARTIAL_CANCELED");
        assertThat(partial.json().get("balanceAmount").asLong()).isEqualTo(10_000);
        assertThat(rest.json().get("status").asString()).isEqualTo("PARTIAL_CANCELED");
        assertThat(rest.json().get("balanceAmount").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(WEBHOOKS.depositCallbackStatusesOf(orderId))
                    .containsExactlyInAnyOrder("DONE", "PARTIAL_CANCELED", "PARTIAL_CANCELED");
            assertThat(WEBHOOKS.statusesOf(orderId))
                    .containsExactlyInAnyOrder("DONE", "PARTIAL_CANCELED", "PARTIAL_CANCELED");
        });
        assertThat(output.getAll())
                .as("no account number or secret in the log")
                .contains(orderId)
                .doesNotContain(ACCOUNT_NUMBER)
                .doesNotContain(
                        issued.get("virtualAccount").get("accountNumber").asString())
                .doesNotContain(issued.get("secret").asString());
    }

    @Test
    void aDepositedAccountCancelledWholeWithItsRefundAccountIsCanceled() {
        String orderId = SandboxHttp.orderId("varefund2");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, null)
                .get("paymentKey")
                .asString();
        http.deposit(paymentKey, "");

        Response whole = http.post(
                "/sandbox/v1/payments/" + paymentKey + "/cancel",
                "{\"cancelReason\":\"콘솔 환불\",%s}".formatted(REFUND_ACCOUNT.formatted(ACCOUNT_NUMBER)));

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.json().get("status").asString()).isEqualTo("CANCELED");
        assertThat(http.ledger(orderId).get("consoleCancels").asLong()).isEqualTo(1);
    }
}
