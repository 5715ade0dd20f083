package dev.payments.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import dev.payments.sandbox.WebhookReceiver;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A virtual account (가상계좌) as Toss runs it: its confirm issues the account (WAITING_FOR_DEPOSIT, no webhook), the
 * buyer's deposit approves it and is announced twice (flat DEPOSIT_CALLBACK and PAYMENT_STATUS_CHANGED, both with the
 * payment's secret), the bank may reverse the deposit.
 */
class VirtualAccountTest extends SandboxTestBase {

    private static final String TOSS_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+09:00";

    @Test
    void confirmIssuesTheAccountWaitingForItsDepositWithTheSecret() {
        String orderId = SandboxHttp.orderId("va");

        JsonNode payment = http.issuedVirtualAccount(orderId, 15_000, null);

        assertThat(payment.get("status").asString()).isEqualTo("WAITING_FOR_DEPOSIT");
        assertThat(payment.get("method").asString()).isEqualTo("가상계좌");
        assertThat(payment.get("approvedAt").isNull()).isTrue();
        assertThat(payment.get("secret").asString()).startsWith("ps_").hasSizeLessThanOrEqualTo(50);
        assertThat(payment.get("totalAmount").asLong()).isEqualTo(15_000);
        assertThat(payment.get("card").isNull()).isTrue();
        JsonNode account = payment.get("virtualAccount");
        assertThat(account.get("accountType").asString()).isEqualTo("일반");
        assertThat(account.get("accountNumber").asString()).matches("X\\d{1,19}");
        assertThat(account.get("bankCode").asString()).matches("\\d{2}");
        assertThat(account.get("customerName").asString()).isEqualTo("김토스");
        assertThat(account.get("depositorName").isNull()).isTrue();
        assertThat(account.get("dueDate").asString()).matches(TOSS_TIME);
        assertThat(validity(payment))
                .as("168 hours by default")
                .isBetween(Duration.ofHours(168), Duration.ofHours(168).plusSeconds(10));
        assertThat(account.get("refundStatus").asString()).isEqualTo("NONE");
        assertThat(account.get("expired").asBoolean()).isFalse();
        assertThat(account.get("settlementStatus").asString()).isEqualTo("INCOMPLETED");
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
        assertThat(http.ledger(orderId).get("webhooksSent").asLong())
                .as("issuing an account announces nothing")
                .isZero();
    }

    @Test
    void lookUpsShowTheSameAccountButNotTheSecretByDefault() {
        String orderId = SandboxHttp.orderId("valookup");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);
        String paymentKey = issued.get("paymentKey").asString();

        JsonNode byKey = http.getApi("/v1/payments/" + paymentKey).json();
        JsonNode byOrder = http.getApi("/v1/payments/orders/" + orderId).json();

        for (JsonNode lookedUp : List.of(byKey, byOrder)) {
            assertThat(lookedUp.get("status").asString()).isEqualTo("WAITING_FOR_DEPOSIT");
            assertThat(lookedUp.get("method").asString()).isEqualTo("가상계좌");
            assertThat(lookedUp.get("approvedAt").isNull()).isTrue();
            assertThat(lookedUp.get("virtualAccount")).isEqualTo(issued.get("virtualAccount"));
            assertThat(lookedUp.get("secret").isNull()).isTrue();
        }
    }

    @Test
    void aDepositApprovesAndSendsTheFlatDepositCallbackAndThePaymentWebhookWithTheSecret() {
        String orderId = SandboxHttp.orderId("vadeposit");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);
        String secret = issued.get("secret").asString();

        Response deposit = http.deposit(issued.get("paymentKey").asString(), "{\"depositorName\":\"홍길동\"}");

        assertThat(deposit.status()).isEqualTo(200);
        JsonNode done = deposit.json();
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("approvedAt").asString()).matches(TOSS_TIME);
        assertThat(done.get("virtualAccount").get("depositorName").asString()).isEqualTo("홍길동");
        assertThat(done.get("virtualAccount").get("accountNumber"))
                .isEqualTo(issued.get("virtualAccount").get("accountNumber"));
        LoggedRequest callback = await().atMost(Duration.ofSeconds(10))
                .until(() -> WEBHOOKS.depositCallbacksOf(orderId), list -> list.size() == 1)
                .getFirst();
        JsonNode body = WebhookReceiver.json(callback);
        assertThat(body.propertyNames()).containsExactly("createdAt", "secret", "status", "transactionKey", "orderId");
        assertThat(body.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
        assertThat(body.get("secret").asString()).isEqualTo(secret);
        assertThat(body.get("status").asString()).isEqualTo("DONE");
        assertThat(body.get("transactionKey").asString())
                .isEqualTo(done.get("lastTransactionKey").asString());
        assertThat(body.get("orderId").asString()).isEqualTo(orderId);
        JsonNode event = WebhookReceiver.json(await().atMost(Duration.ofSeconds(10))
                .until(() -> WEBHOOKS.of(orderId), list -> list.size() == 1)
                .getFirst());
        assertThat(event.get("eventType").asString()).isEqualTo("PAYMENT_STATUS_CHANGED");
        assertThat(event.get("data").get("status").asString()).isEqualTo("DONE");
        assertThat(event.get("data").get("secret").asString()).isEqualTo(secret);
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("approvals").asLong()).isEqualTo(1);
        assertThat(ledger.get("deposits").asLong()).isEqualTo(1);
        assertThat(ledger.get("depositCallbacksSent").asLong()).isEqualTo(1);
        assertThat(ledger.get("webhooksSent").asLong()).isEqualTo(2);
    }

    @Test
    void depositingTwiceSendsEveryWebhookTwiceAsSeparateWebhooksOfOneDeposit() {
        String orderId = SandboxHttp.orderId("vatwice");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);

        Response deposit = http.deposit(issued.get("paymentKey").asString(), "{\"twice\":true}");

        assertThat(deposit.json().get("status").asString()).isEqualTo("DONE");
        List<LoggedRequest> callbacks = await().atMost(Duration.ofSeconds(10))
                .until(() -> WEBHOOKS.depositCallbacksOf(orderId), list -> list.size() == 2);
        assertThat(WEBHOOKS.depositCallbackStatusesOf(orderId)).containsExactly("DONE", "DONE");
        assertThat(callbacks)
                .extracting(r -> WebhookReceiver.json(r).get("secret").asString())
                .containsOnly(issued.get("secret").asString());
        assertThat(callbacks)
                .extracting(r -> r.getHeader("tosspayments-webhook-transmission-id"))
                .doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10)).until(() -> WEBHOOKS.of(orderId).size() == 2);
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("approvals").asLong()).isEqualTo(1);
        assertThat(ledger.get("deposits").asLong()).isEqualTo(1);
    }

    @Test
    void aWrongSecretIsCarriedByBothWebhooksButTheLookUpKeepsTheTrueOne() {
        String orderId = SandboxHttp.orderId("vawrong");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);
        String secret = issued.get("secret").asString();

        Response deposit = http.deposit(issued.get("paymentKey").asString(), "{\"wrongSecret\":true}");

        assertThat(deposit.json().get("secret").asString()).isEqualTo(secret);
        String callbackSecret = WebhookReceiver.json(await().atMost(Duration.ofSeconds(10))
                        .until(() -> WEBHOOKS.depositCallbacksOf(orderId), list -> !list.isEmpty())
                        .getFirst())
                .get("secret")
                .asString();
        String eventSecret = WebhookReceiver.json(await().atMost(Duration.ofSeconds(10))
                        .until(() -> WEBHOOKS.of(orderId), list -> !list.isEmpty())
                        .getFirst())
                .get("data")
                .get("secret")
                .asString();
        assertThat(callbackSecret).startsWith("ps_").isNotEqualTo(secret);
        assertThat(eventSecret).isEqualTo(callbackSecret);
        assertThat(http.getApi("/v1/payments/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("DONE");
    }

    @Test
    void aReversedDepositWaitsForDepositAgainAnnouncedTwiceAndCanBeDepositedAgain() {
        String orderId = SandboxHttp.orderId("vareverse");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);
        String paymentKey = issued.get("paymentKey").asString();
        http.deposit(paymentKey, "");

        Response reversed = http.post("/sandbox/v1/payments/" + paymentKey + "/reverse-deposit", "");

        assertThat(reversed.status()).isEqualTo(200);
        assertThat(reversed.json().get("status").asString()).isEqualTo("WAITING_FOR_DEPOSIT");
        assertThat(reversed.json().get("approvedAt").isNull()).isTrue();
        assertThat(reversed.json().get("virtualAccount").get("depositorName").isNull())
                .isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(WEBHOOKS.depositCallbackStatusesOf(orderId))
                    .containsExactlyInAnyOrder("DONE", "WAITING_FOR_DEPOSIT");
            assertThat(WEBHOOKS.statusesOf(orderId)).containsExactlyInAnyOrder("DONE", "WAITING_FOR_DEPOSIT");
        });
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
        assertThat(http.ledger(orderId).get("depositReversals").asLong()).isEqualTo(1);
        assertThat(http.deposit(paymentKey, "").json().get("status").asString()).isEqualTo("DONE");
        assertThat(http.ledger(orderId).get("approvals").asLong()).isEqualTo(1);
        assertThat(http.get("/sandbox/v1/ledger").json().get("ordersApprovedMoreThanOnce"))
                .noneMatch(o -> o.asString().equals(orderId));
    }

    @Test
    void onlyAnAccountAwaitingItsDepositTakesOneAndOnlyADepositedOneIsReversed() {
        String orderId = SandboxHttp.orderId("varefuse");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, null)
                .get("paymentKey")
                .asString();
        String card = SandboxHttp.orderId("vacard");
        String cardKey = http.paidSession(card, 15_000, null).get("paymentKey").asString();
        http.confirm(cardKey, card, 15_000, null);

        Response reverseBeforeDeposit = http.post("/sandbox/v1/payments/" + paymentKey + "/reverse-deposit", "");
        http.deposit(paymentKey, "");
        Response again = http.deposit(paymentKey, "");
        Response intoACard = http.deposit(cardKey, "");
        Response unknown = http.deposit("tsbox_unknown", "");

        assertThat(reverseBeforeDeposit.status()).isEqualTo(403);
        assertThat(reverseBeforeDeposit.code()).isEqualTo("NOT_DEPOSITED");
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.code()).isEqualTo("NOT_WAITING_FOR_DEPOSIT");
        assertThat(intoACard.status()).isEqualTo(400);
        assertThat(intoACard.code()).isEqualTo("NOT_VIRTUAL_ACCOUNT");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(http.ledger(orderId).get("deposits").asLong()).isEqualTo(1);
    }

    @Test
    void anIssuedAccountIsProcessedForConfirmAndTheWindow() {
        String orderId = SandboxHttp.orderId("vadupe");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, null)
                .get("paymentKey")
                .asString();

        Response confirmAgain = http.confirm(paymentKey, orderId, 15_000, null);
        Response approveBehindBack = http.post("/sandbox/v1/payments/" + paymentKey + "/approve", "");
        Response reopen = http.post(
                "/sandbox/v1/sessions",
                "{\"orderId\":\"%s\",\"amount\":15000,\"orderName\":\"토스 티셔츠 외 2건\"}".formatted(orderId));

        assertThat(confirmAgain.status()).isEqualTo(400);
        assertThat(confirmAgain.code()).isEqualTo("ALREADY_PROCESSED_PAYMENT");
        assertThat(approveBehindBack.code()).isEqualTo("ALREADY_PROCESSED_PAYMENT");
        assertThat(reopen.status()).isEqualTo(400);
        assertThat(reopen.code()).isEqualTo("DUPLICATED_ORDER_ID");
    }

    @Test
    void theValidityIsSetPerSessionOrPerPaymentBeforeItsConfirm() {
        String perSession = SandboxHttp.orderId("vavalid");
        String perPayment = SandboxHttp.orderId("vavalid2");

        JsonNode sessionPayment = http.issuedVirtualAccount(perSession, 15_000, "\"validForSeconds\":30");
        String paymentKey = http.virtualAccountSession(perPayment, 15_000, null)
                .get("paymentKey")
                .asString();
        Response set = http.post(
                "/sandbox/v1/payments/" + paymentKey + "/virtual-account-validity", "{\"validForSeconds\":3600}");
        JsonNode paymentPayment =
                http.confirm(paymentKey, perPayment, 15_000, null).json();
        Response tooLate = http.post(
                "/sandbox/v1/payments/" + paymentKey + "/virtual-account-validity", "{\"validForSeconds\":60}");

        assertThat(validity(sessionPayment)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(40));
        assertThat(set.status()).isEqualTo(200);
        assertThat(validity(paymentPayment)).isBetween(Duration.ofSeconds(3600), Duration.ofSeconds(3610));
        assertThat(tooLate.status()).isEqualTo(400);
        assertThat(tooLate.code()).isEqualTo("ALREADY_PROCESSED_PAYMENT");
    }

    /** From the window's opening (requestedAt; the confirm follows at once) to the due date, to the second. */
    private static Duration validity(JsonNode payment) {
        return Duration.between(
                OffsetDateTime.parse(payment.get("requestedAt").asString()),
                OffsetDateTime.parse(
                        payment.get("virtualAccount").get("dueDate").asString()));
    }
}
