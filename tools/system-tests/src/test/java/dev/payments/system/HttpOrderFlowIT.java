package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.schemas.Topics;
import dev.payments.system.EdgeClient.IssuedOrder;
import dev.payments.testsupport.KafkaRecords;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Orders driven over HTTP the way a shop, a buyer's browser and the PG drive them. */
class HttpOrderFlowIT extends SystemTestBase {

    static EdgeClient edge;

    @BeforeAll
    static void connectEdge() {
        edge = stack.edgeClient();
    }

    @Test
    void issueCheckoutAndSuccessRedirectCompleteTheOrderWithOneConfirmAndOneCompletion() {
        IssuedOrder order = edge.issue(newOrderId("http"), AMOUNT);
        assertThat(edge.checkout(order.orderId(), order.csrfToken()).statusCode())
                .isEqualTo(202);

        HttpResponse<String> redirect = edge.successRedirect(order, "pk-" + order.orderId(), AMOUNT);

        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains(order.orderId()));
        probe.awaitStatus(order.orderId(), "COMPLETE");
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(stack.confirmRequests(order.orderId())).hasSize(1);
        assertThat(edge.get("/api/v1/orders/" + order.orderId() + "?token=" + EdgeClient.encode(order.csrfToken()))
                        .body())
                .contains("\"status\":\"COMPLETE\"");
        assertThat(edge.getWithMerchantKey("/api/v1/orders/" + order.orderId() + "/events")
                        .body())
                .contains("payment.order.issued", "payment.checkout.started", "payment.pg.result");
    }

    @Test
    void repeatedAndConcurrentSuccessRedirectsPlusARedeliveredRecordConfirmOnceAndCompleteOnce() throws Exception {
        IssuedOrder order = edge.issue(newOrderId("repeat"), AMOUNT);
        String paymentKey = "pk-" + order.orderId();
        edge.checkout(order.orderId(), order.csrfToken());

        assertThat(edge.successRedirect(order, paymentKey, AMOUNT).statusCode()).isEqualTo(303);
        try (ExecutorService browsers = Executors.newFixedThreadPool(4)) {
            List<CompletableFuture<Integer>> concurrent = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> edge.successRedirect(order, paymentKey, AMOUNT)
                                    .statusCode(),
                            browsers))
                    .toList();
            assertThat(concurrent).extracting(CompletableFuture::join).containsOnly(303);
        }
        ConsumerRecord<String, String> firstResult =
                KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS, order.orderId()).stream()
                        .filter(r -> r.value().contains("\"type\":\"payment.pg.result\""))
                        .findFirst()
                        .orElseThrow();
        shop.sendRaw(
                order.orderId().getBytes(StandardCharsets.UTF_8),
                firstResult.value().getBytes(StandardCharsets.UTF_8));

        probe.awaitStatus(order.orderId(), "COMPLETE");
        // issued + checkout + 5 results + the redelivered one + the confirmation
        probe.awaitTimelineSize(order.orderId(), 9);
        assertThat(probe.timeline(order.orderId()))
                .extracting(OrderProbe.TimelineRow::result)
                .filteredOn("APPLIED"::equals)
                .hasSize(4);
        assertThat(probe.timeline(order.orderId()))
                .extracting(OrderProbe.TimelineRow::reason)
                .contains("SAME_EVENT", "SAME_STATE");
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(stack.confirmRequests(order.orderId())).hasSize(1);
    }

    @Test
    void wrongTokenChangesNothingAndTheGenuineRedirectStillCompletes() {
        IssuedOrder order = edge.issue(newOrderId("forged"), AMOUNT);
        IssuedOrder forged = new IssuedOrder(
                order.orderId(),
                "forged-token",
                order.successUrl().replace(EdgeClient.encode(order.csrfToken()), "forged-token"),
                order.failUrl());
        assertThat(forged.successUrl()).doesNotContain(EdgeClient.encode(order.csrfToken()));

        assertThat(edge.successRedirect(forged, "pk-forged", AMOUNT).statusCode())
                .isEqualTo(303);
        probe.awaitTimelineSize(order.orderId(), 2);
        assertThat(probe.timeline(order.orderId()).getLast())
                .extracting(OrderProbe.TimelineRow::result, OrderProbe.TimelineRow::reason)
                .containsExactly("REJECTED", "TOKEN_MISMATCH");
        assertThat(probe.status(order.orderId())).contains("PREPAY");
        assertThat(stack.confirmRequests(order.orderId())).isEmpty();

        edge.successRedirect(order, "pk-" + order.orderId(), AMOUNT);

        probe.awaitStatus(order.orderId(), "COMPLETE");
        assertThat(stack.confirmRequests(order.orderId()))
                .singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("pk-" + order.orderId()));
    }

    @Test
    void retriedIssuanceIsAnsweredFromTheRecordAndConflictingOneIsRefusedWithoutWritingAnything() {
        IssuedOrder order = edge.issue(newOrderId("retry"), AMOUNT);
        probe.awaitStatus(order.orderId(), "PREPAY");
        HttpResponse<String> first =
                edge.get("/api/v1/orders/" + order.orderId() + "?token=" + EdgeClient.encode(order.csrfToken()));
        assertThat(first.statusCode()).isEqualTo(200);

        HttpResponse<String> retried = edge.issueRequest(order.orderId(), AMOUNT);
        HttpResponse<String> conflicting = edge.issueRequest(order.orderId(), AMOUNT + 1);

        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(retried.body()).contains(order.csrfToken(), "\"status\":\"PREPAY\"");
        assertThat(conflicting.statusCode()).isEqualTo(409);
        assertThat(conflicting.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS, order.orderId()))
                .as("only the first issuance reached Kafka")
                .hasSize(1);
    }

    @Test
    void tamperedAmountWithGenuineTokenFailsWithoutConfirm() {
        IssuedOrder order = edge.issue(newOrderId("tampered"), AMOUNT);

        edge.successRedirect(order, "pk-" + order.orderId(), 100);

        probe.awaitStatus(order.orderId(), "FAIL");
        assertThat(probe.reason(order.orderId())).isEqualTo("AMOUNT_MISMATCH");
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(probe.completions(order.orderId()).getFirst().value()).contains("\"reason\":\"AMOUNT_MISMATCH\"");
        assertThat(stack.confirmRequests(order.orderId())).isEmpty();
    }

    @Test
    void failRedirectFailsAndCancelRedirectCancelsWithOneCompletionEach() {
        IssuedOrder failed = edge.issue(newOrderId("declined"), AMOUNT);
        IssuedOrder cancelled = edge.issue(newOrderId("cancelled"), AMOUNT);

        assertThat(edge.failRedirect(failed, "REJECT_CARD_COMPANY").statusCode())
                .isEqualTo(303);
        assertThat(edge.failRedirect(cancelled, "PAY_PROCESS_CANCELED").statusCode())
                .isEqualTo(303);

        probe.awaitStatus(failed.orderId(), "FAIL");
        probe.awaitStatus(cancelled.orderId(), "CANCEL");
        assertThat(probe.reason(failed.orderId())).isEqualTo("REJECT_CARD_COMPANY");
        assertThat(probe.reason(cancelled.orderId())).isEqualTo("PAY_PROCESS_CANCELED");
        probe.awaitCompletions(failed.orderId(), 1);
        probe.awaitCompletions(cancelled.orderId(), 1);
        assertThat(stack.confirmRequests(failed.orderId())).isEmpty();
        assertThat(stack.confirmRequests(cancelled.orderId())).isEmpty();
    }
}
