package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/payments/{paymentKey}/cancel} as Toss behaves: DONE → CANCELED (a single full cancel) or
 * PARTIAL_CANCELED (kept at balance 0), its refusals, the one-second rule, Idempotency-Key replays and the ledger.
 */
class CancelTest extends SandboxTestBase {

    private static final Duration PAST_THE_CONSECUTIVE_WINDOW = Duration.ofMillis(1_001);

    private String approved(String orderId, long amount) {
        String paymentKey =
                http.paidSession(orderId, amount, null).get("paymentKey").asString();
        assertThat(http.confirm(paymentKey, orderId, amount, null).status()).isEqualTo(200);
        return paymentKey;
    }

    private Response cancel(String paymentKey, String body) {
        return cancel(paymentKey, body, null);
    }

    private Response cancel(String paymentKey, String body, String idempotencyKey) {
        return http.postApi("/v1/payments/" + paymentKey + "/cancel", body, idempotencyKey);
    }

    private long balance(String paymentKey) {
        return http.getApi("/v1/payments/" + paymentKey)
                .json()
                .get("balanceAmount")
                .asLong();
    }

    @Test
    void partialThenTheRestStaysPartialCanceledAtBalanceZeroThenNothingIsCancelable() {
        String orderId = SandboxHttp.orderId("cancel");
        String paymentKey = approved(orderId, 15_000);

        Response partial = cancel(paymentKey, "{\"cancelReason\":\"고객 변심\",\"cancelAmount\":5000}");
        clock.advance(PAST_THE_CONSECUTIVE_WINDOW);
        Response rest = cancel(paymentKey, "{\"cancelReason\":\"나머지 취소\"}");
        clock.advance(PAST_THE_CONSECUTIVE_WINDOW);
        Response more = cancel(paymentKey, "{\"cancelReason\":\"더\",\"cancelAmount\":1}");

        assertThat(partial.status()).isEqualTo(200);
        JsonNode first = partial.json();
        assertThat(first.get("status").asString()).isEqualTo("PARTIAL_CANCELED");
        assertThat(first.get("balanceAmount").asLong()).isEqualTo(10_000);
        assertThat(first.get("totalAmount").asLong()).isEqualTo(15_000);
        JsonNode entry = first.get("cancels").get(0);
        assertThat(entry.get("cancelAmount").asLong()).isEqualTo(5_000);
        assertThat(entry.get("cancelReason").asString()).isEqualTo("고객 변심");
        assertThat(entry.get("taxFreeAmount").asLong()).isZero();
        assertThat(entry.get("refundableAmount").asLong()).isEqualTo(10_000);
        assertThat(entry.get("cancelStatus").asString()).isEqualTo("DONE");
        assertThat(entry.get("canceledAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+09:00");
        assertThat(entry.get("receiptKey").asString()).isNotBlank();
        assertThat(first.get("lastTransactionKey").asString())
                .isEqualTo(entry.get("transactionKey").asString());
        assertThat(rest.status()).isEqualTo(200);
        JsonNode second = rest.json();
        assertThat(second.get("status").asString()).isEqualTo("PARTIAL_CANCELED");
        assertThat(second.get("balanceAmount").asLong()).isZero();
        assertThat(second.get("totalAmount").asLong()).isEqualTo(15_000);
        assertThat(second.get("cancels")).hasSize(2);
        assertThat(second.get("cancels").get(1).get("cancelAmount").asLong()).isEqualTo(10_000);
        assertThat(second.get("cancels").get(1).get("refundableAmount").asLong())
                .isZero();
        assertThat(second.get("lastTransactionKey").asString())
                .isEqualTo(second.get("cancels").get(1).get("transactionKey").asString())
                .isNotEqualTo(entry.get("transactionKey").asString());
        assertThat(more.status()).isEqualTo(403);
        assertThat(more.code()).isEqualTo("NOT_CANCELABLE_AMOUNT");
    }

    @Test
    void aSingleFullCancelIsCanceledThenAlreadyCanceled() {
        String paymentKey = approved(SandboxHttp.orderId("cancel2"), 15_000);
        Response full = cancel(paymentKey, "{\"cancelReason\":\"취소\"}");
        clock.advance(PAST_THE_CONSECUTIVE_WINDOW);

        Response again = cancel(paymentKey, "{\"cancelReason\":\"취소\"}");

        assertThat(full.status()).isEqualTo(200);
        assertThat(full.json().get("status").asString()).isEqualTo("CANCELED");
        assertThat(full.json().get("balanceAmount").asLong()).isZero();
        assertThat(full.json().get("cancels").get(0).get("cancelAmount").asLong())
                .isEqualTo(15_000);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo("ALREADY_CANCELED_PAYMENT");
    }

    @Test
    void aFullCancelByAmountIsCanceledToo() {
        String paymentKey = approved(SandboxHttp.orderId("cancel2b"), 15_000);

        Response full = cancel(paymentKey, "{\"cancelReason\":\"취소\",\"cancelAmount\":15000}");

        assertThat(full.json().get("status").asString()).isEqualTo("CANCELED");
    }

    @Test
    void cancelOfMoreThanTheBalanceIsNotCancelableAmount() {
        String paymentKey = approved(SandboxHttp.orderId("cancel3"), 15_000);
        cancel(paymentKey, "{\"cancelReason\":\"부분\",\"cancelAmount\":5000}");
        clock.advance(PAST_THE_CONSECUTIVE_WINDOW);

        Response response = cancel(paymentKey, "{\"cancelReason\":\"취소\",\"cancelAmount\":10001}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("NOT_CANCELABLE_AMOUNT");
        assertThat(balance(paymentKey)).isEqualTo(10_000);
    }

    @Test
    void aSecondCancelWithinOneSecondIsForbiddenConsecutiveRequest() {
        String paymentKey = approved(SandboxHttp.orderId("cancel7"), 15_000);
        assertThat(cancel(paymentKey, "{\"cancelReason\":\"a\",\"cancelAmount\":1000}")
                        .status())
                .isEqualTo(200);
        clock.advance(Duration.ofMillis(900));

        Response tooSoon = cancel(paymentKey, "{\"cancelReason\":\"b\",\"cancelAmount\":1000}");
        clock.advance(Duration.ofMillis(100));
        Response afterASecond = cancel(paymentKey, "{\"cancelReason\":\"c\",\"cancelAmount\":1000}");

        assertThat(tooSoon.status()).isEqualTo(403);
        assertThat(tooSoon.code()).isEqualTo("FORBIDDEN_CONSECUTIVE_REQUEST");
        assertThat(afterASecond.status()).isEqualTo(200);
        assertThat(balance(paymentKey)).isEqualTo(13_000);
    }

    @Test
    void refundableAmountIsAnOptimisticCheckOfTheBalance() {
        String paymentKey = approved(SandboxHttp.orderId("cancel8"), 15_000);

        Response stale =
                cancel(paymentKey, "{\"cancelReason\":\"a\",\"cancelAmount\":1000,\"refundableAmount\":14000}");
        Response current =
                cancel(paymentKey, "{\"cancelReason\":\"a\",\"cancelAmount\":1000,\"refundableAmount\":15000}");

        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.code()).isEqualTo("NOT_MATCHES_REFUNDABLE_AMOUNT");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("balanceAmount").asLong()).isEqualTo(14_000);
    }

    @Test
    void aRefundReceiveAccountIsAcceptedWhenWellFormed() {
        String paymentKey = approved(SandboxHttp.orderId("cancel9"), 15_000);
        String account = "\"refundReceiveAccount\":{\"bank\":\"88\",\"accountNumber\":\"%s\",\"holderName\":\"홍길동\"}";

        Response malformed = cancel(paymentKey, "{\"cancelReason\":\"a\",%s}".formatted(account.formatted("12-34")));
        Response wellFormed =
                cancel(paymentKey, "{\"cancelReason\":\"a\",%s}".formatted(account.formatted("1234567890")));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("INVALID_REFUND_ACCOUNT_INFO");
        assertThat(wellFormed.status()).isEqualTo(200);
    }

    @Test
    void cancelReasonIsRequiredAndAtMost200Characters() {
        String paymentKey = approved(SandboxHttp.orderId("cancel4"), 15_000);

        Response missing = cancel(paymentKey, "{\"cancelAmount\":100}");
        Response tooLong = cancel(paymentKey, "{\"cancelReason\":\"%s\"}".formatted("가".repeat(201)));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("INVALID_REQUEST");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo("INVALID_REQUEST");
        assertThat(cancel(paymentKey, "{\"cancelReason\":\"%s\"}".formatted("가".repeat(200)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void cancelOfAPaymentThatWasNeverApprovedIsNotCancelable() {
        String orderId = SandboxHttp.orderId("cancel5");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        Response response = cancel(paymentKey, "{\"cancelReason\":\"취소\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("NOT_CANCELABLE_PAYMENT");
    }

    @Test
    void cancelOfAnUnknownPaymentIsNotFound() {
        Response response = cancel("tsboxNoSuchPayment", "{\"cancelReason\":\"취소\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("NOT_FOUND_PAYMENT");
    }

    @Test
    void cancelWithTheSameIdempotencyKeyIsReplayedNotRepeatedWhateverTheBody() {
        String paymentKey = approved(SandboxHttp.orderId("cancel6"), 15_000);

        Response first = cancel(paymentKey, "{\"cancelReason\":\"부분\",\"cancelAmount\":1000}", "cancel-once");
        clock.advance(PAST_THE_CONSECUTIVE_WINDOW);
        Response second = cancel(paymentKey, "{\"cancelReason\":\"다른 부분\",\"cancelAmount\":2000}", "cancel-once");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(balance(paymentKey)).isEqualTo(14_000);
    }

    @Test
    void aRefusedCancelIsReplayedUnderItsKeyAndOnlyANewKeyRetries() {
        String orderId = SandboxHttp.orderId("cancel10");
        String paymentKey = approved(orderId, 15_000);

        Response refused = cancel(paymentKey, "{\"cancelReason\":\"a\",\"cancelAmount\":20000}", "k1-" + orderId);
        Response replayed = cancel(paymentKey, "{\"cancelReason\":\"a\",\"cancelAmount\":1000}", "k1-" + orderId);
        Response retried = cancel(paymentKey, "{\"cancelReason\":\"a\",\"cancelAmount\":1000}", "k2-" + orderId);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("NOT_CANCELABLE_AMOUNT");
        assertThat(replayed.status()).isEqualTo(403);
        assertThat(replayed.body()).isEqualTo(refused.body());
        assertThat(retried.status()).isEqualTo(200);
        assertThat(balance(paymentKey)).isEqualTo(14_000);
        assertThat(http.ledger(orderId).get("replays").asLong()).isEqualTo(1);
    }

    @Test
    void twoPartialCancelsUnderDifferentKeysAreTwoCancelsInTheLedger() {
        String orderId = SandboxHttp.orderId("cancel11");
        String paymentKey = approved(orderId, 15_000);

        Response one = cancel(paymentKey, "{\"cancelReason\":\"a\",\"cancelAmount\":1000}", "r1-" + orderId);
        clock.advance(PAST_THE_CONSECUTIVE_WINDOW);
        Response two = cancel(paymentKey, "{\"cancelReason\":\"b\",\"cancelAmount\":2500}", "r2-" + orderId);

        assertThat(one.status()).isEqualTo(200);
        assertThat(two.status()).isEqualTo(200);
        assertThat(two.json().get("cancels")).hasSize(2);
        assertThat(two.json().get("balanceAmount").asLong()).isEqualTo(11_500);
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("cancels").asLong()).isEqualTo(2);
        assertThat(ledger.get("canceledAmount").asLong()).isEqualTo(3_500);
        assertThat(ledger.get("consoleCancels").asLong()).isZero();
        JsonNode perKey = ledger.get("cancelsByPaymentKey").get(paymentKey);
        assertThat(perKey.get("cancels").asLong()).isEqualTo(2);
        assertThat(perKey.get("canceledAmount").asLong()).isEqualTo(3_500);
    }
}
