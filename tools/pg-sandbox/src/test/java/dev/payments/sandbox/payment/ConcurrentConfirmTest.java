package dev.payments.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Per-payment locking: racing confirms of one payment approve it exactly once. */
class ConcurrentConfirmTest extends SandboxTestBase {

    @Test
    void fiftyParallelConfirmsUnderDifferentKeysApproveOnce() throws Exception {
        String orderId = SandboxHttp.orderId("race");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        CountDownLatch start = new CountDownLatch(1);

        List<Response> responses;
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            List<Future<Response>> futures = IntStream.range(0, 50)
                    .mapToObj(i -> threads.submit(() -> {
                        start.await();
                        return http.confirm(paymentKey, orderId, 15_000, "key-" + i + "-" + orderId);
                    }))
                    .toList();
            start.countDown();
            responses = futures.stream()
                    .map(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 200).hasSize(49).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("ALREADY_PROCESSED_PAYMENT");
        });
        assertThat(http.ledger(orderId).get("approvals").asLong()).isEqualTo(1);
        assertThat(http.ledger(orderId).get("confirmCalls").asLong()).isEqualTo(50);
        assertThat(http.get("/sandbox/v1/ledger").json().get("ordersApprovedMoreThanOnce"))
                .isEmpty();
    }
}
