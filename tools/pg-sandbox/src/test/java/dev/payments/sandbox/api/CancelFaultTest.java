package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The confirm behaviours applied to the merchant's cancels of one payment (automation API), and test codes. */
class CancelFaultTest extends SandboxTestBase {

    private String approvedWithCancelBehaviour(String orderId, String behaviour) {
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        assertThat(http.confirm(paymentKey, orderId, 15_000, null).status()).isEqualTo(200);
        assertThat(http.post("/sandbox/v1/payments/" + paymentKey + "/cancel-behaviour", behaviour)
                        .status())
                .isEqualTo(200);
        return paymentKey;
    }

    private Response cancel(String paymentKey, String key, String... headers) {
        return http.postApi(
                "/v1/payments/" + paymentKey + "/cancel",
                "{\"cancelReason\":\"a\",\"cancelAmount\":1000}",
                key,
                headers);
    }

    private long balance(String paymentKey) {
        return http.getApi("/v1/payments/" + paymentKey)
                .json()
                .get("balanceAmount")
                .asLong();
    }

    @Test
    void failTimesAnswers500ReplayedUnderItsKeyAndANewKeyCancels() {
        String orderId = SandboxHttp.orderId("cfail");
        String paymentKey = approvedWithCancelBehaviour(orderId, "{\"behaviour\":\"FAIL_TIMES\",\"times\":1}");

        Response failed = cancel(paymentKey, "a-" + orderId);
        Response replayed = cancel(paymentKey, "a-" + orderId);
        Response retried = cancel(paymentKey, "b-" + orderId);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.code()).isEqualTo("FAILED_INTERNAL_SYSTEM_PROCESSING");
        assertThat(replayed.body()).isEqualTo(failed.body());
        assertThat(retried.status()).isEqualTo(200);
        assertThat(balance(paymentKey)).isEqualTo(14_000);
        assertThat(http.ledger(orderId).get("cancels").asLong()).isEqualTo(1);
    }

    @Test
    void neverAnswerHoldsTheCancelCancelsNothingAndTheSameKeyIsStillProcessing() {
        String orderId = SandboxHttp.orderId("csilent");
        String paymentKey = approvedWithCancelBehaviour(orderId, "{\"behaviour\":\"NEVER_ANSWER\",\"times\":1}");
        String key = "c-" + orderId;

        assertThatThrownBy(() -> http.postWithTimeout(
                        "/v1/payments/" + paymentKey + "/cancel",
                        "{\"cancelReason\":\"a\",\"cancelAmount\":1000}",
                        Duration.ofMillis(800),
                        "Authorization",
                        SandboxHttp.basic(SandboxHttp.SECRET_KEY),
                        "Idempotency-Key",
                        key))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class);
        Response sameKey = cancel(paymentKey, key);
        Response otherKey = cancel(paymentKey, "other-" + orderId);

        assertThat(sameKey.status()).isEqualTo(409);
        assertThat(sameKey.code()).isEqualTo("IDEMPOTENT_REQUEST_PROCESSING");
        assertThat(otherKey.status()).isEqualTo(200);
        assertThat(balance(paymentKey)).isEqualTo(14_000);
    }

    @Test
    void rejectAnswersTheCodeAndCancelsNothing() {
        String orderId = SandboxHttp.orderId("creject");
        String paymentKey =
                approvedWithCancelBehaviour(orderId, "{\"behaviour\":\"REJECT\",\"code\":\"PROVIDER_ERROR\"}");

        Response rejected = cancel(paymentKey, null);

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.code()).isEqualTo("PROVIDER_ERROR");
        assertThat(balance(paymentKey)).isEqualTo(15_000);
    }

    @Test
    void aTestCodeAnswersTheCancelWithThatCode() {
        String orderId = SandboxHttp.orderId("ccode");
        String paymentKey = approvedWithCancelBehaviour(orderId, "{\"behaviour\":\"APPROVE\"}");

        Response coded = cancel(paymentKey, null, "TossPayments-Test-Code", "FAILED_REFUND_PROCESS");

        assertThat(coded.status()).isEqualTo(500);
        assertThat(coded.code()).isEqualTo("FAILED_REFUND_PROCESS");
        assertThat(balance(paymentKey)).isEqualTo(15_000);
    }
}
