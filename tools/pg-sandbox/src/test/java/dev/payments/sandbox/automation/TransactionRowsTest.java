package dev.payments.sandbox.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rows every kind of money movement leaves in {@code GET /v1/transactions} (approval by confirm, behind the
 * merchant's back, by a deposit; a virtual account's issuance; API, console and unpaid-account cancels), and the drift
 * automation: webhooks dropped on request.
 */
class TransactionRowsTest extends SandboxTestBase {

    private static final String REFUND_ACCOUNT =
            "\"refundReceiveAccount\":{\"bank\":\"88\",\"accountNumber\":\"110987654321\",\"holderName\":\"김토스\"}";

    private static void assertRow(
            JsonNode row, JsonNode payment, String status, long amount, String transactionKey, String at) {
        assertThat(row.get("status").asString()).isEqualTo(status);
        assertThat(row.get("amount").asLong()).isEqualTo(amount);
        assertThat(row.get("transactionKey").asString()).isEqualTo(transactionKey);
        assertThat(row.get("transactionAt").asString()).isEqualTo(at).endsWith("+09:00");
        String paymentKey = payment.get("paymentKey").asString();
        assertThat(row.get("paymentKey").asString()).isEqualTo(paymentKey);
        assertThat(row.get("orderId").asString())
                .isEqualTo(payment.get("orderId").asString());
        assertThat(row.get("method").asString()).isEqualTo(payment.get("method").asString());
        assertThat(row.get("mId").asString()).isEqualTo("tosspayments");
        assertThat(row.get("currency").asString()).isEqualTo("KRW");
        assertThat(row.get("customerKey").isNull()).isTrue();
        assertThat(row.get("useEscrow").asBoolean()).isFalse();
        assertThat(row.get("receiptUrl").asString()).endsWith("/sandbox/receipts/" + paymentKey);
    }

    /** An approval row: DONE, the totalAmount, under the lastTransactionKey and at the approvedAt of {@code payment}. */
    private static void assertApproval(JsonNode row, JsonNode payment) {
        assertRow(
                row,
                payment,
                "DONE",
                payment.get("totalAmount").asLong(),
                payment.get("lastTransactionKey").asString(),
                payment.get("approvedAt").asString());
    }

    /** The row of {@code cancels[index]} of {@code payment}: its key, amount and time, the payment's status. */
    private static void assertCancel(JsonNode row, JsonNode payment, int index, String status) {
        JsonNode cancel = payment.get("cancels").get(index);
        assertRow(
                row,
                payment,
                status,
                cancel.get("cancelAmount").asLong(),
                cancel.get("transactionKey").asString(),
                cancel.get("canceledAt").asString());
    }

    @Test
    void aConfirmAndTwoPartialCancelsLeaveAnApprovalAndTwoCancelRows() {
        Instant from = clock.instant();
        String orderId = SandboxHttp.orderId("rowcard");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        JsonNode approved = http.confirm(paymentKey, orderId, 15_000, null).json();
        JsonNode partial = http.postApi(
                        "/v1/payments/" + paymentKey + "/cancel",
                        "{\"cancelReason\":\"부분\",\"cancelAmount\":4000}",
                        null)
                .json();
        clock.advance(Duration.ofMillis(1_001));
        JsonNode rest = http.postApi("/v1/payments/" + paymentKey + "/cancel", "{\"cancelReason\":\"나머지\"}", null)
                .json();

        List<JsonNode> rows = http.transactionsOf(orderId, from, clock.instant());

        assertThat(rows).hasSize(3);
        assertApproval(rows.get(0), approved);
        assertThat(rows.get(0).get("method").asString()).isEqualTo("카드");
        assertCancel(rows.get(1), partial, 0, "PARTIAL_CANCELED");
        assertCancel(rows.get(2), rest, 1, "PARTIAL_CANCELED");
        assertThat(http.ledger(orderId).get("transactions").asLong()).isEqualTo(3);
    }

    @Test
    void anApprovalBehindTheBackAndAConsoleCancelLeaveTheirRows() {
        Instant from = clock.instant();
        String orderId = SandboxHttp.orderId("rowback");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        JsonNode approved = http.post("/sandbox/v1/payments/" + paymentKey + "/approve", "{}")
                .json();
        JsonNode canceled = http.post("/sandbox/v1/payments/" + paymentKey + "/cancel", "{\"cancelReason\":\"콘솔\"}")
                .json();

        List<JsonNode> rows = http.transactionsOf(orderId, from, clock.instant());

        assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
        assertThat(rows).hasSize(2);
        assertApproval(rows.get(0), approved);
        assertCancel(rows.get(1), canceled, 0, "CANCELED");
    }

    @Test
    void aVirtualAccountListsItsIssuanceAndDepositButNotTheReversalAndItsRefund() {
        Instant from = clock.instant();
        String orderId = SandboxHttp.orderId("rowva");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);
        String paymentKey = issued.get("paymentKey").asString();
        JsonNode firstDeposit = http.deposit(paymentKey, "").json();
        http.post("/sandbox/v1/payments/" + paymentKey + "/reverse-deposit", "");
        JsonNode deposited = http.deposit(paymentKey, "").json();
        JsonNode refunded = http.postApi(
                        "/v1/payments/" + paymentKey + "/cancel",
                        "{\"cancelReason\":\"환불\",\"cancelAmount\":5000," + REFUND_ACCOUNT + "}",
                        null)
                .json();

        List<JsonNode> rows = http.transactionsOf(orderId, from, clock.instant());

        assertThat(rows)
                .as("issuance, deposit, deposit again, refund: the reversal adds none")
                .hasSize(4);
        assertRow(
                rows.get(0),
                issued,
                "WAITING_FOR_DEPOSIT",
                15_000,
                issued.get("lastTransactionKey").asString(),
                rows.get(0).get("transactionAt").asString());
        assertThat(rows.get(0).get("method").asString()).isEqualTo("가상계좌");
        assertApproval(rows.get(1), firstDeposit);
        assertApproval(rows.get(2), deposited);
        assertCancel(rows.get(3), refunded, 0, "PARTIAL_CANCELED");
        assertThat(http.ledger(orderId).get("transactions").asLong()).isEqualTo(4);
    }

    @Test
    void theCancelOfAnUnpaidVirtualAccountIsACanceledRow() {
        Instant from = clock.instant();
        String orderId = SandboxHttp.orderId("rowvacancel");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);
        JsonNode canceled = http.postApi(
                        "/v1/payments/" + issued.get("paymentKey").asString() + "/cancel",
                        "{\"cancelReason\":\"입금 기한 만료\"}",
                        null)
                .json();

        List<JsonNode> rows = http.transactionsOf(orderId, from, clock.instant());

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("status").asString()).isEqualTo("WAITING_FOR_DEPOSIT");
        assertCancel(rows.get(1), canceled, 0, "CANCELED");
    }

    @Test
    void droppedWebhooksAreNeverSentAndCountedThenTheNextOneIs() {
        Instant from = clock.instant();
        String orderId = SandboxHttp.orderId("dropone");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        Response drop = http.post("/sandbox/v1/payments/" + paymentKey + "/drop-webhooks", "{\"count\":1}");
        http.confirm(paymentKey, orderId, 15_000, null);
        JsonNode canceled = http.postApi("/v1/payments/" + paymentKey + "/cancel", "{\"cancelReason\":\"취소\"}", null)
                .json();

        assertThat(drop.status()).isEqualTo(200);
        assertThat(drop.json().get("paymentKey").asString()).isEqualTo(paymentKey);
        assertThat(drop.json().get("dropping").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(WEBHOOKS.statusesOf(orderId)).containsExactly("CANCELED"));
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("webhooksDropped").asLong()).isEqualTo(1);
        assertThat(ledger.get("webhooksSent").asLong()).isEqualTo(1);
        assertThat(ledger.get("approvals").asLong()).isEqualTo(1);
        List<JsonNode> rows = http.transactionsOf(orderId, from, clock.instant());
        assertThat(rows).hasSize(2);
        assertCancel(rows.get(1), canceled, 0, "CANCELED");
    }

    @Test
    void withoutACountEveryLaterWebhookOfThePaymentIsDroppedOfEitherType() {
        String orderId = SandboxHttp.orderId("dropall");
        String other = SandboxHttp.orderId("dropnot");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, null)
                .get("paymentKey")
                .asString();

        Response drop = http.post("/sandbox/v1/payments/" + paymentKey + "/drop-webhooks", "");
        http.deposit(paymentKey, "");
        http.post("/sandbox/v1/payments/" + paymentKey + "/reverse-deposit", "");
        approveAndAwaitWebhooks(other, 1);
        Response unknown = http.post("/sandbox/v1/payments/tsbox_unknown/drop-webhooks", "{\"count\":2}");
        Response negative = http.post("/sandbox/v1/payments/" + paymentKey + "/drop-webhooks", "{\"count\":-2}");

        assertThat(drop.status()).as(drop.body()).isEqualTo(200);
        assertThat(drop.json().get("dropping").asLong()).isEqualTo(-1);
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("webhooksDropped").asLong())
                .as("DEPOSIT_CALLBACK and PAYMENT_STATUS_CHANGED of the deposit and of the reversal")
                .isEqualTo(4);
        assertThat(ledger.get("webhooksSent").asLong()).isZero();
        assertThat(WEBHOOKS.of(orderId)).isEmpty();
        assertThat(WEBHOOKS.depositCallbacksOf(orderId)).isEmpty();
        assertThat(http.ledger(other).get("webhooksDropped").asLong()).isZero();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NOT_FOUND_PAYMENT");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(http.get("/sandbox/v1/ledger").json().get("transactions").asLong())
                .isGreaterThanOrEqualTo(3);
    }
}
