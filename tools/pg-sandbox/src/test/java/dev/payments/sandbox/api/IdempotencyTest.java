package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: the first answer is replayed exactly; 409 while the first request still runs. */
class IdempotencyTest extends SandboxTestBase {

    @Test
    void sameKeyReplaysTheIdenticalFirstAnswer() {
        String orderId = SandboxHttp.orderId("replay");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        String key = "confirm-" + orderId;

        Response first = http.confirm(paymentKey, orderId, 15_000, key);
        Response second = http.confirm(paymentKey, orderId, 15_000, key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(http.ledger(orderId).get("replays").asLong()).isEqualTo(1);
        assertThat(http.ledger(orderId).get("approvals").asLong()).isEqualTo(1);
    }

    @Test
    void aFirst500IsReplayedUnderItsKeyWhileANewKeyApproves() {
        String orderId = SandboxHttp.orderId("fail2");
        String paymentKey = http.paidSession(orderId, 15_000, "{\"behaviour\":\"FAIL_TIMES\",\"times\":2}")
                .get("paymentKey")
                .asString();

        Response first = http.confirm(paymentKey, orderId, 15_000, "a-" + orderId);
        Response replay = http.confirm(paymentKey, orderId, 15_000, "a-" + orderId);
        Response second = http.confirm(paymentKey, orderId, 15_000, "b-" + orderId);
        Response third = http.confirm(paymentKey, orderId, 15_000, "c-" + orderId);
        Response replayAfterApproval = http.confirm(paymentKey, orderId, 15_000, "a-" + orderId);

        assertThat(first.status()).isEqualTo(500);
        assertThat(first.code()).isEqualTo("FAILED_INTERNAL_SYSTEM_PROCESSING");
        assertThat(replay.status()).isEqualTo(500);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(second.status()).isEqualTo(500);
        assertThat(third.status()).isEqualTo(200);
        assertThat(replayAfterApproval.status()).isEqualTo(500);
        assertThat(http.ledger(orderId).get("replays").asLong()).isEqualTo(2);
        assertThat(http.ledger(orderId).get("approvals").asLong()).isEqualTo(1);
    }

    @Test
    void sameKeyWhileTheFirstRequestStillRunsIsIdempotentRequestProcessing() {
        String orderId = SandboxHttp.orderId("inflight");
        String paymentKey = http.paidSession(orderId, 15_000, "{\"behaviour\":\"DELAY\",\"delayMs\":1500}")
                .get("paymentKey")
                .asString();
        String key = "confirm-" + orderId;

        CompletableFuture<Response> first =
                CompletableFuture.supplyAsync(() -> http.confirm(paymentKey, orderId, 15_000, key));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> http.ledger(orderId).get("confirmCalls").asLong() == 1);
        Response second = http.confirm(paymentKey, orderId, 15_000, key);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("IDEMPOTENT_REQUEST_PROCESSING");
        assertThat(first.join().status()).isEqualTo(200);
        Response third = http.confirm(paymentKey, orderId, 15_000, key);
        assertThat(third.body()).isEqualTo(first.join().body());
    }

    @Test
    void neverAnswerHoldsTheConfirmUntilTheClientGivesUpAndApprovesNothing() {
        String orderId = SandboxHttp.orderId("silent");
        String paymentKey = http.paidSession(orderId, 15_000, "{\"behaviour\":\"NEVER_ANSWER\",\"times\":1}")
                .get("paymentKey")
                .asString();
        String body = "{\"paymentKey\":\"%s\",\"orderId\":\"%s\",\"amount\":15000}".formatted(paymentKey, orderId);
        String key = "confirm-" + orderId;

        assertThatThrownBy(() -> http.postWithTimeout(
                        "/v1/payments/confirm",
                        body,
                        Duration.ofMillis(800),
                        "Authorization",
                        SandboxHttp.basic(SandboxHttp.SECRET_KEY),
                        "Idempotency-Key",
                        key))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class);

        Response retry = http.confirm(paymentKey, orderId, 15_000, key);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(http.get("/sandbox/v1/ledger").json().get("heldRequests").asInt())
                .isGreaterThanOrEqualTo(1);
        assertThat(http.getApi("/v1/payments/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("IN_PROGRESS");
        // the hold was for one confirm only: another key is processed and approves
        assertThat(http.confirm(paymentKey, orderId, 15_000, "other-" + orderId).status())
                .isEqualTo(200);
        assertThat(http.ledger(orderId).get("approvals").asLong()).isEqualTo(1);
    }
}
