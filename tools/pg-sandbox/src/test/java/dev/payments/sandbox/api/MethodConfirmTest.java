package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Easy pay, transfer and phone confirm to DONE as a card does, each with its method string and its own object. */
class MethodConfirmTest extends SandboxTestBase {

    private static final List<String> METHOD_OBJECTS =
            List.of("card", "virtualAccount", "easyPay", "transfer", "mobilePhone");

    private JsonNode confirmed(String method) {
        String orderId = SandboxHttp.orderId("method");
        String paymentKey = http.session(
                        "{\"orderId\":\"%s\",\"amount\":15000,\"method\":\"%s\"}".formatted(orderId, method))
                .get("paymentKey")
                .asString();
        JsonNode payment = http.confirm(paymentKey, orderId, 15_000, null).json();
        assertThat(payment.get("status").asString()).isEqualTo("DONE");
        assertThat(payment.get("approvedAt").isNull()).isFalse();
        assertThat(http.ledger(orderId).get("approvals").asLong()).isEqualTo(1);
        return payment;
    }

    /** Only {@code own} of the method objects is filled. */
    private static void onlyItsOwnObject(JsonNode payment, String own) {
        for (String object : METHOD_OBJECTS) {
            assertThat(payment.get(object).isNull()).as(object).isEqualTo(!object.equals(own));
        }
    }

    @Test
    void easyPayIsDoneWithTossPay() {
        JsonNode payment = confirmed("간편결제");

        assertThat(payment.get("method").asString()).isEqualTo("간편결제");
        JsonNode easyPay = payment.get("easyPay");
        assertThat(easyPay.get("provider").asString()).isEqualTo("토스페이");
        assertThat(easyPay.get("amount").asLong()).isEqualTo(15_000);
        assertThat(easyPay.get("discountAmount").asLong()).isZero();
        onlyItsOwnObject(payment, "easyPay");
    }

    @Test
    void transferIsDoneWithItsBank() {
        JsonNode payment = confirmed("TRANSFER");

        assertThat(payment.get("method").asString()).isEqualTo("계좌이체");
        assertThat(payment.get("transfer").get("bankCode").asString()).matches("\\d{2}");
        assertThat(payment.get("transfer").get("settlementStatus").asString()).isEqualTo("INCOMPLETED");
        onlyItsOwnObject(payment, "transfer");
    }

    @Test
    void phoneIsDoneLikeACard() {
        JsonNode payment = confirmed("휴대폰");

        assertThat(payment.get("method").asString()).isEqualTo("휴대폰");
        assertThat(payment.get("mobilePhone").get("customerMobilePhone").asString())
                .matches("\\d{8,15}");
        onlyItsOwnObject(payment, "mobilePhone");
    }

    @Test
    void aCardIsStillTheDefault() {
        String orderId = SandboxHttp.orderId("methodcard");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        JsonNode payment = http.confirm(paymentKey, orderId, 15_000, null).json();

        assertThat(payment.get("method").asString()).isEqualTo("카드");
        onlyItsOwnObject(payment, "card");
    }

    @Test
    void anUnknownMethodOpensNoSession() {
        String orderId = SandboxHttp.orderId("methodbad");

        SandboxHttp.Response refused = http.post(
                "/sandbox/v1/sessions", "{\"orderId\":\"%s\",\"amount\":15000,\"method\":\"현금\"}".formatted(orderId));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("NOT_SUPPORTED_METHOD");
        assertThat(http.getApi("/v1/payments/orders/" + orderId).status()).isEqualTo(404);
    }
}
