package dev.payments.sandbox.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The test-only automation API: headless sessions with each outcome, and the ledger. */
class AutomationApiTest extends SandboxTestBase {

    @Test
    void payOutcomeAnswersTheSuccessUrlParameters() {
        String orderId = SandboxHttp.orderId("auto");

        JsonNode session = http.session(
                "{\"orderId\":\"%s\",\"amount\":30000,\"orderName\":\"책\",\"paymentKey\":\"pk_%s\",\"successUrl\":\"https://shop.example/ok?token=t\"}"
                        .formatted(orderId, orderId));

        assertThat(session.get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(session.get("paymentKey").asString()).isEqualTo("pk_" + orderId);
        JsonNode parameters = session.get("parameters");
        assertThat(parameters.get("paymentKey").asString()).isEqualTo("pk_" + orderId);
        assertThat(parameters.get("orderId").asString()).isEqualTo(orderId);
        assertThat(parameters.get("amount").asString()).isEqualTo("30000");
        assertThat(parameters.get("paymentType").asString()).isEqualTo("NORMAL");
        assertThat(session.get("redirectUrl").asString())
                .isEqualTo("https://shop.example/ok?token=t&paymentKey=pk_%s&orderId=%s&amount=30000&paymentType=NORMAL"
                        .formatted(orderId, orderId));
    }

    @Test
    void declineAndCancelOutcomes() {
        String declined = SandboxHttp.orderId("autodecline");
        String canceled = SandboxHttp.orderId("autocancel");

        JsonNode decline =
                http.session("{\"orderId\":\"%s\",\"amount\":1000,\"outcome\":\"DECLINE\"}".formatted(declined));
        JsonNode cancel =
                http.session("{\"orderId\":\"%s\",\"amount\":1000,\"outcome\":\"CANCEL\"}".formatted(canceled));

        assertThat(decline.get("status").asString()).isEqualTo("ABORTED");
        assertThat(decline.get("parameters").get("code").asString()).isEqualTo("REJECT_CARD_COMPANY");
        assertThat(decline.get("parameters").get("orderId").asString()).isEqualTo(declined);
        assertThat(cancel.get("status").asString()).isEqualTo("READY");
        assertThat(cancel.get("parameters").get("code").asString()).isEqualTo("PAY_PROCESS_CANCELED");
        assertThat(cancel.get("parameters").has("orderId")).isFalse();
    }

    @Test
    void badSessionRequestsAreRefused() {
        Response unknownBehaviour = http.post(
                "/sandbox/v1/sessions",
                "{\"orderId\":\"%s\",\"amount\":1000,\"confirm\":{\"behaviour\":\"MAYBE\"}}"
                        .formatted(SandboxHttp.orderId("bad")));
        Response noAmount =
                http.post("/sandbox/v1/sessions", "{\"orderId\":\"%s\"}".formatted(SandboxHttp.orderId("bad")));

        assertThat(unknownBehaviour.status()).isEqualTo(400);
        assertThat(noAmount.status()).isEqualTo(400);
        assertThat(noAmount.code()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void ledgerCountsPerOrderAndSummarises() {
        String orderId = SandboxHttp.orderId("ledger");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        http.confirm(paymentKey, orderId, 15_000, "k");
        http.confirm(paymentKey, orderId, 15_000, "k");
        http.getApi("/v1/payments/orders/" + orderId);

        JsonNode ledger = http.ledger(orderId);
        JsonNode summary = http.get("/sandbox/v1/ledger").json();

        assertThat(ledger.get("orderId").asString()).isEqualTo(orderId);
        assertThat(ledger.get("paymentKey").asString()).isEqualTo(paymentKey);
        assertThat(ledger.get("status").asString()).isEqualTo("DONE");
        assertThat(ledger.get("approvals").asLong()).isEqualTo(1);
        assertThat(ledger.get("confirmCalls").asLong()).isEqualTo(2);
        assertThat(ledger.get("replays").asLong()).isEqualTo(1);
        assertThat(ledger.get("lookups").asLong()).isEqualTo(1);
        assertThat(summary.get("approvals").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(summary.get("ordersApprovedMoreThanOnce")).isEmpty();
        assertThat(http.get("/sandbox/v1/ledger/" + SandboxHttp.orderId("never"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void healthIsUp() {
        Response health = http.get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }
}
