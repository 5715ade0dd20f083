package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Confirm and the two look-ups, with every error code they answer, over real HTTP. */
class ConfirmAndLookupTest extends SandboxTestBase {

    private static final String TOSS_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+09:00";

    @Test
    void confirmApprovesAnAuthenticatedPaymentWithATossShapedPayment() {
        String orderId = SandboxHttp.orderId("ok");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        Response response = http.confirm(paymentKey, orderId, 15_000, "confirm-" + orderId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode payment = response.json();
        assertThat(payment.get("mId").asString()).isEqualTo("tosspayments");
        assertThat(payment.get("version").asString()).isEqualTo("2022-11-16");
        assertThat(payment.get("paymentKey").asString()).isEqualTo(paymentKey);
        assertThat(payment.get("orderId").asString()).isEqualTo(orderId);
        assertThat(payment.get("orderName").asString()).isEqualTo("토스 티셔츠 외 2건");
        assertThat(payment.get("type").asString()).isEqualTo("NORMAL");
        assertThat(payment.get("currency").asString()).isEqualTo("KRW");
        assertThat(payment.get("method").asString()).isEqualTo("카드");
        assertThat(payment.get("status").asString()).isEqualTo("DONE");
        assertThat(payment.get("totalAmount").asLong()).isEqualTo(15_000);
        assertThat(payment.get("balanceAmount").asLong()).isEqualTo(15_000);
        assertThat(payment.get("suppliedAmount").asLong()).isEqualTo(13_636);
        assertThat(payment.get("vat").asLong()).isEqualTo(1_364);
        assertThat(payment.get("taxFreeAmount").asLong()).isZero();
        assertThat(payment.get("requestedAt").asString()).matches(TOSS_TIME);
        assertThat(payment.get("approvedAt").asString()).matches(TOSS_TIME);
        assertThat(payment.get("lastTransactionKey").asString()).isNotBlank();
        assertThat(payment.get("cancels").isNull()).isTrue();
        assertThat(payment.get("failure").isNull()).isTrue();
        assertThat(payment.get("isPartialCancelable").asBoolean()).isTrue();
        assertThat(payment.get("card").get("amount").asLong()).isEqualTo(15_000);
        assertThat(payment.get("secret").asString()).hasSizeLessThanOrEqualTo(50);
        assertThat(payment.get("receipt").get("url").asString()).contains(paymentKey);
        assertThat(payment.get("checkout").get("url").asString()).contains(paymentKey);
        assertThat(payment.get("country").asString()).isEqualTo("KR");
        assertThat(http.ledger(orderId).get("approvals").asLong()).isEqualTo(1);
        assertThat(http.ledger(orderId).get("status").asString()).isEqualTo("DONE");
    }

    @Test
    void lookupsByPaymentKeyAndByOrderIdAnswerTheSamePayment() {
        String orderId = SandboxHttp.orderId("look");
        String paymentKey =
                http.paidSession(orderId, 20_000, null).get("paymentKey").asString();
        http.confirm(paymentKey, orderId, 20_000, null);

        Response byKey = http.getApi("/v1/payments/" + paymentKey);
        Response byOrder = http.getApi("/v1/payments/orders/" + orderId);

        assertThat(byKey.status()).isEqualTo(200);
        assertThat(byOrder.status()).isEqualTo(200);
        assertThat(byKey.json()).isEqualTo(byOrder.json());
        assertThat(byKey.json().get("status").asString()).isEqualTo("DONE");
        assertThat(http.ledger(orderId).get("lookups").asLong()).isEqualTo(2);
    }

    @Test
    void lookupsOfUnknownPaymentsAreNotFoundPayment() {
        Response byKey = http.getApi("/v1/payments/nope_unknown_key");
        Response byOrder = http.getApi("/v1/payments/orders/" + SandboxHttp.orderId("unknown"));

        assertThat(byKey.status()).isEqualTo(404);
        assertThat(byKey.code()).isEqualTo("NOT_FOUND_PAYMENT");
        assertThat(byOrder.status()).isEqualTo(404);
        assertThat(byOrder.code()).isEqualTo("NOT_FOUND_PAYMENT");
        assertThat(byOrder.json().get("message").asString()).isNotBlank();
    }

    @Test
    void secondConfirmOfAnApprovedPaymentIsAlreadyProcessed() {
        String orderId = SandboxHttp.orderId("twice");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        assertThat(http.confirm(paymentKey, orderId, 15_000, "first-" + orderId).status())
                .isEqualTo(200);

        Response underAnotherKey = http.confirm(paymentKey, orderId, 15_000, "second-" + orderId);
        Response withoutKey = http.confirm(paymentKey, orderId, 15_000, null);

        assertThat(underAnotherKey.status()).isEqualTo(400);
        assertThat(underAnotherKey.code()).isEqualTo("ALREADY_PROCESSED_PAYMENT");
        assertThat(withoutKey.status()).isEqualTo(400);
        assertThat(withoutKey.code()).isEqualTo("ALREADY_PROCESSED_PAYMENT");
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("approvals").asLong()).isEqualTo(1);
        assertThat(ledger.get("confirmCalls").asLong()).isEqualTo(3);
        assertThat(ledger.get("rejectedConfirms").asLong()).isEqualTo(2);
    }

    @Test
    void confirmWithAnOrderIdOfAnotherPaymentIsForbidden() {
        String orderId = SandboxHttp.orderId("mine");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        Response response = http.confirm(paymentKey, SandboxHttp.orderId("theirs"), 15_000, null);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("FORBIDDEN_REQUEST");
        assertThat(http.getApi("/v1/payments/" + paymentKey)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("IN_PROGRESS");
    }

    @Test
    void confirmOfAnUnknownPaymentKeyHasNoSession() {
        Response response = http.confirm("tsboxUnknownKey123", SandboxHttp.orderId("nosession"), 15_000, null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("NOT_FOUND_PAYMENT_SESSION");
    }

    @Test
    void confirmWithAnotherAmountIsRefusedAndApprovesNothing() {
        String orderId = SandboxHttp.orderId("tamper");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        Response response = http.confirm(paymentKey, orderId, 100, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
        assertThat(http.ledger(orderId).get("status").asString()).isEqualTo("IN_PROGRESS");
        // the right amount still approves
        assertThat(http.confirm(paymentKey, orderId, 15_000, null).status()).isEqualTo(200);
    }

    @Test
    void confirmOfAPaymentWhoseWindowWasNeverPaidHasNoSession() {
        String orderId = SandboxHttp.orderId("ready");
        String paymentKey = http.session(
                        "{\"orderId\":\"%s\",\"amount\":15000,\"outcome\":\"NONE\"}".formatted(orderId))
                .get("paymentKey")
                .asString();

        Response response = http.confirm(paymentKey, orderId, 15_000, null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("NOT_FOUND_PAYMENT_SESSION");
    }

    @Test
    void malformedConfirmIsAnInvalidRequest() {
        Response response = http.postApi("/v1/payments/confirm", "{\"paymentKey\":\"x\",\"amount\":\"15000\"}", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void rejectBehaviourAbortsThePaymentWithTheCardCompanysCode() {
        String orderId = SandboxHttp.orderId("reject");
        String paymentKey = http.paidSession(
                        orderId, 15_000, "{\"behaviour\":\"REJECT\",\"code\":\"REJECT_CARD_PAYMENT\"}")
                .get("paymentKey")
                .asString();

        Response response = http.confirm(paymentKey, orderId, 15_000, null);
        Response again = http.confirm(paymentKey, orderId, 15_000, null);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("REJECT_CARD_PAYMENT");
        assertThat(again.code()).isEqualTo("REJECT_CARD_PAYMENT");
        JsonNode payment = http.getApi("/v1/payments/" + paymentKey).json();
        assertThat(payment.get("status").asString()).isEqualTo("ABORTED");
        assertThat(payment.get("failure").get("code").asString()).isEqualTo("REJECT_CARD_PAYMENT");
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
    }

    @Test
    void unknownApiPathsAreTossNotFound() {
        Response response = http.postApi("/v1/billing/whatever", "{}", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("NOT_FOUND");
    }
}
