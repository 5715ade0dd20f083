package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/payments/{paymentKey}/cancel}: DONE → PARTIAL_CANCELED → CANCELED, and its refusals. */
class CancelTest extends SandboxTestBase {

    private String approved(String orderId, long amount) {
        String paymentKey =
                http.paidSession(orderId, amount, null).get("paymentKey").asString();
        assertThat(http.confirm(paymentKey, orderId, amount, null).status()).isEqualTo(200);
        return paymentKey;
    }

    private Response cancel(String paymentKey, String body) {
        return http.postApi("/v1/payments/" + paymentKey + "/cancel", body, null);
    }

    @Test
    void partialThenFullCancel() {
        String orderId = SandboxHttp.orderId("cancel");
        String paymentKey = approved(orderId, 15_000);

        Response partial = cancel(paymentKey, "{\"cancelReason\":\"고객 변심\",\"cancelAmount\":5000}");
        Response rest = cancel(paymentKey, "{\"cancelReason\":\"나머지 취소\"}");

        assertThat(partial.status()).isEqualTo(200);
        JsonNode partialPayment = partial.json();
        assertThat(partialPayment.get("status").asString()).isEqualTo("PARTIAL_CANCELED");
        assertThat(partialPayment.get("balanceAmount").asLong()).isEqualTo(10_000);
        assertThat(partialPayment.get("cancels")).hasSize(1);
        assertThat(partialPayment.get("cancels").get(0).get("cancelAmount").asLong())
                .isEqualTo(5_000);
        assertThat(partialPayment.get("cancels").get(0).get("cancelReason").asString())
                .isEqualTo("고객 변심");
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.json().get("status").asString()).isEqualTo("CANCELED");
        assertThat(rest.json().get("balanceAmount").asLong()).isZero();
        assertThat(rest.json().get("cancels")).hasSize(2);
        assertThat(rest.json().get("lastTransactionKey").asString())
                .isEqualTo(
                        rest.json().get("cancels").get(1).get("transactionKey").asString());
    }

    @Test
    void cancelOfACanceledPaymentIsAlreadyCanceled() {
        String paymentKey = approved(SandboxHttp.orderId("cancel2"), 15_000);
        assertThat(cancel(paymentKey, "{\"cancelReason\":\"취소\"}").status()).isEqualTo(200);

        Response again = cancel(paymentKey, "{\"cancelReason\":\"취소\"}");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo("ALREADY_CANCELED_PAYMENT");
    }

    @Test
    void cancelOfMoreThanTheBalanceIsNotCancelableAmount() {
        String paymentKey = approved(SandboxHttp.orderId("cancel3"), 15_000);

        Response response = cancel(paymentKey, "{\"cancelReason\":\"취소\",\"cancelAmount\":15001}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("NOT_CANCELABLE_AMOUNT");
        assertThat(http.getApi("/v1/payments/" + paymentKey)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("DONE");
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
    void cancelWithTheSameIdempotencyKeyIsReplayedNotRepeated() {
        String paymentKey = approved(SandboxHttp.orderId("cancel6"), 15_000);
        String body = "{\"cancelReason\":\"부분\",\"cancelAmount\":1000}";

        Response first = http.postApi("/v1/payments/" + paymentKey + "/cancel", body, "cancel-once");
        Response second = http.postApi("/v1/payments/" + paymentKey + "/cancel", body, "cancel-once");

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(http.getApi("/v1/payments/" + paymentKey)
                        .json()
                        .get("balanceAmount")
                        .asLong())
                .isEqualTo(14_000);
    }
}
