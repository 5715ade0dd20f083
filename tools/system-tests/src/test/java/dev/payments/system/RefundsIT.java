package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.PgRefund;
import dev.payments.schemas.RefundRequested;
import dev.payments.schemas.Topics;
import dev.payments.system.EdgeClient.IssuedOrder;
import dev.payments.system.OrderProbe.TimelineRow;
import dev.payments.testsupport.KafkaRecords;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refunds end to end (docs/contract.md §2 "Refunds", §4, §5): the shop asks the edge or writes to Kafka, the worker
 * decides against the order's balance and cancels at our Toss-compatible sandbox, and the sandbox's ledger shows what
 * the PG really gave back. Every test checks the money at the PG, not only our records: one PG cancel per refund, never
 * more cancelled than paid, one {@code payment.refund.completed} per refund. The tests run in parallel, each on orders
 * of its own, as a shop's refunds do.
 */
class RefundsIT extends SandboxSystemTestBase {

    static final Duration SETTLED = Duration.ofSeconds(45);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @ConcurrentTest
    void partThenTheRestGivesBackTheWholeAmountInTwoCancelsAndTwoRecords() {
        Paid paid = paidOrder("rf-rest");

        assertThat(edge.refund(paid.orderId(), """
                        {"refundId":"part","amount":4000,"reason":"one bag returned"}""").statusCode()).isEqualTo(202);
        awaitRefund(paid.orderId(), "part", "SUCCEEDED");
        HttpResponse<String> rest = edge.refund(paid.orderId(), """
                {"refundId":"rest","reason":"the rest"}""");
        assertThat(rest.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(rest.body()).path("amount").isNull()).isTrue();

        JsonNode whole = awaitRefund(paid.orderId(), "rest", "SUCCEEDED");
        assertThat(whole.path("amount").asLong())
                .as("the whole balance at that moment")
                .isEqualTo(AMOUNT - 4000);
        assertThat(edge.orderRead(paid.orderId()).path("refundedAmount").asLong())
                .isEqualTo(AMOUNT);
        JsonNode ledger = pg.ledger(paid.orderId());
        assertThat(ledger.path("cancels").asLong()).isEqualTo(2);
        assertThat(ledger.path("canceledAmount").asLong()).isEqualTo(AMOUNT);
        awaitRefundRecords(paid.orderId(), "part", "rest");
        HttpResponse<String> nothingLeft = edge.refund(paid.orderId(), """
                {"refundId":"more","amount":1,"reason":"too much"}""");
        assertThat(nothingLeft.statusCode()).isEqualTo(409);
        assertThat(probe.status(paid.orderId())).contains("COMPLETE");
    }

    @ConcurrentTest
    void aRepeatedRefundIsOneCancelAndAnotherBodyUnderItsIdIsRefusedAtTheEdgeAndByTheWorker() {
        Paid paid = paidOrder("rf-again");
        String body = """
                {"refundId":"r1","amount":5000,"reason":"damaged"}""";

        HttpResponse<String> first = edge.refund(paid.orderId(), body);
        HttpResponse<String> second = edge.refund(paid.orderId(), body);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree(first.body()));
        awaitRefund(paid.orderId(), "r1", "SUCCEEDED");

        assertThat(edge.refund(paid.orderId(), """
                        {"refundId":"r1","amount":6000,"reason":"damaged"}""").statusCode()).isEqualTo(409);
        // a shop producer skips the edge: the worker refuses it, and the recorded refund stands
        shop.send(refundRequest(paid.orderId(), "r1", 6000L, "damaged"));
        await().atMost(SETTLED).untilAsserted(() -> assertThat(probe.timeline(paid.orderId()))
                .extracting(TimelineRow::type, TimelineRow::result, TimelineRow::reason)
                .contains(tuple("payment.refund.requested", "REJECTED", "CONFLICTING_REFUND")));
        assertThat(pg.ledger(paid.orderId()).path("cancels").asLong()).isEqualTo(1);
        assertThat(pg.ledger(paid.orderId()).path("canceledAmount").asLong()).isEqualTo(5000);
        assertThat(edge.refundRead(paid.orderId(), "r1").path("amount").asLong())
                .isEqualTo(5000);
        awaitRefundRecords(paid.orderId(), "r1");
    }

    @ConcurrentTest
    void concurrentRefundsBeyondTheBalanceNeverTogetherCancelMoreThanWasPaid() {
        Paid paid = paidOrder("rf-race");

        // written straight to Kafka, back to back: no edge sees the other's balance first
        shop.send(refundRequest(paid.orderId(), "a", 10_000L, "first"));
        shop.send(refundRequest(paid.orderId(), "b", 10_000L, "second"));

        JsonNode a = awaitRefundEnded(paid.orderId(), "a");
        JsonNode b = awaitRefundEnded(paid.orderId(), "b");
        assertThat(List.of(a.path("status").asString(), b.path("status").asString()))
                .containsExactly("SUCCEEDED", "FAILED");
        assertThat(b.path("code").asString()).isEqualTo("REFUND_EXCEEDS_BALANCE");
        assertThat(pg.ledger(paid.orderId()).path("canceledAmount").asLong()).isEqualTo(10_000);
        assertThat(pg.ledger(paid.orderId()).path("cancels").asLong()).isEqualTo(1);
        assertThat(edge.orderRead(paid.orderId()).path("refundedAmount").asLong())
                .isEqualTo(10_000);
        awaitRefundRecords(paid.orderId(), "a", "b");
    }

    @ConcurrentTest
    void aRefundOfAnOrderThatIsNotPaidIsRefusedAndNoMoneyMoves() {
        IssuedOrder order = edge.issue(newOrderId("rf-unpaid"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        probe.awaitStatus(order.orderId(), "IN_PROGRESS");

        HttpResponse<String> early = edge.refund(order.orderId(), """
                {"refundId":"r1","reason":"never paid"}""");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(edge.refundRead(order.orderId(), "r1"))
                .as("an early refusal writes nothing")
                .isNull();
        shop.send(refundRequest(order.orderId(), "r2", null, "never paid"));

        JsonNode refused = awaitRefundEnded(order.orderId(), "r2");
        assertThat(refused.path("status").asString()).isEqualTo("FAILED");
        assertThat(refused.path("code").asString()).isEqualTo("NOT_REFUNDABLE");
        awaitRefundRecords(order.orderId(), "r2");
        assertThat(probe.timeline(order.orderId()))
                .filteredOn(row -> row.type().equals("payment.refund.requested"))
                .extracting(TimelineRow::result, TimelineRow::reason, TimelineRow::status)
                .containsExactly(tuple("REJECTED", "NOT_REFUNDABLE", "IN_PROGRESS"));
        assertThat(probe.status(order.orderId())).contains("IN_PROGRESS");
    }

    @ConcurrentTest
    void aPaymentThePgApprovedForAnOrderWeCancelledIsGivenBackWhole() {
        IssuedOrder order = edge.issue(newOrderId("rf-behind"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);
        // the buyer's browser reports a cancel; the order ends CANCEL before anything was confirmed
        assertThat(edge.failRedirect(order, "PAY_PROCESS_CANCELED").statusCode())
                .isEqualTo(303);
        probe.awaitStatus(order.orderId(), "CANCEL");

        pg.approveBehindTheMerchantsBack(session.paymentKey());

        await().atMost(SETTLED).untilAsserted(() -> {
            JsonNode ledger = pg.ledger(order.orderId());
            assertThat(ledger.path("approvals").asLong()).isEqualTo(1);
            assertThat(ledger.path("canceledAmount").asLong())
                    .as("given back whole")
                    .isEqualTo(AMOUNT);
        });
        assertThat(probe.status(order.orderId())).as("the order stays ended").contains("CANCEL");
        await().atMost(SETTLED).untilAsserted(() -> {
            List<TimelineRow> timeline = probe.timeline(order.orderId());
            assertThat(timeline).extracting(TimelineRow::reason).contains("APPROVED_AFTER_END");
            assertThat(timeline)
                    .filteredOn(row -> row.type().equals("payment.pg.refund"))
                    .extracting(TimelineRow::result)
                    .containsExactly("APPLIED");
        });
        assertThat(probe.refundRecords(order.orderId())).singleElement().satisfies(record -> {
            JsonNode data = JSON.readTree(record.value()).path("data");
            assertThat(data.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(data.path("reason").asString()).isEqualTo("APPROVED_AFTER_END");
            assertThat(data.path("refundId").asString()).startsWith("giveback-");
        });
        assertThat(pg.ledger(order.orderId()).path("cancels").asLong()).isEqualTo(1);
    }

    @ConcurrentTest
    void aCancelInThePgsConsoleIsFollowedAndTheShopCanStillRefundWhatIsLeft() {
        Paid paid = paidOrder("rf-console");

        pg.cancelInTheConsole(paid.paymentKey(), 5000, "refunded by phone");

        await().atMost(SETTLED).untilAsserted(() -> assertThat(
                        edge.orderRead(paid.orderId()).path("refundedAmount").asLong())
                .isEqualTo(5000));
        assertThat(probe.status(paid.orderId())).contains("COMPLETE");
        await().atMost(SETTLED).untilAsserted(() -> assertThat(
                        KafkaRecords.readAll(stack.bootstrapServers(), Topics.COMPLETIONS, paid.orderId()).stream()
                                .map(ConsumerRecord::value)
                                .map(value -> JSON.readTree(value).path("id").asString()))
                .contains(EventIds.anomaly(paid.orderId(), "CANCELED_AT_PG")));
        assertThat(edge.refund(paid.orderId(), """
                        {"refundId":"rest","reason":"the rest"}""").statusCode()).isEqualTo(202);
        JsonNode rest = awaitRefund(paid.orderId(), "rest", "SUCCEEDED");
        assertThat(rest.path("amount").asLong()).isEqualTo(AMOUNT - 5000);
        assertThat(pg.ledger(paid.orderId()).path("canceledAmount").asLong()).isEqualTo(AMOUNT);
        assertThat(edge.orderRead(paid.orderId()).path("refundedAmount").asLong())
                .isEqualTo(AMOUNT);
    }

    @ConcurrentTest
    void aCancelThePgFailsTwiceIsMadeOnceAndSucceeds() {
        Paid paid = paidOrder("rf-flaky");
        pg.cancelBehaviour(
                paid.paymentKey(), SandboxClient.confirm("FAIL_TIMES").put("times", 2));

        assertThat(edge.refund(paid.orderId(), """
                        {"refundId":"r1","amount":3000,"reason":"late delivery"}""").statusCode()).isEqualTo(202);

        awaitRefund(paid.orderId(), "r1", "SUCCEEDED");
        JsonNode ledger = pg.ledger(paid.orderId());
        assertThat(ledger.path("cancels").asLong()).isEqualTo(1);
        assertThat(ledger.path("canceledAmount").asLong()).isEqualTo(3000);
        awaitRefundRecords(paid.orderId(), "r1");
    }

    @ConcurrentTest
    void aForgedRefundAnswerChangesNothingAndTheGenuineOneUnderItsIdStillApplies() {
        Paid paid = paidOrder("rf-forged");
        // the PG takes a few seconds to cancel, so the forgery is read first
        pg.cancelBehaviour(paid.paymentKey(), SandboxClient.confirm("DELAY").put("delayMs", 3000));
        assertThat(edge.refund(paid.orderId(), """
                        {"refundId":"r1","amount":2000,"reason":"scratched"}""").statusCode()).isEqualTo(202);

        // anyone with write access to the topic, claiming the PG refunded the whole amount under the genuine id
        shop.send(CloudEvent.of(
                EventIds.pgRefund(paid.orderId(), "r1"),
                "/worker",
                Instant.now(),
                PgRefund.succeeded(paid.orderId(), "r1", "tx-forged", null, 0L)));

        await().atMost(SETTLED).untilAsserted(() -> assertThat(probe.timeline(paid.orderId()))
                .extracting(TimelineRow::type, TimelineRow::result, TimelineRow::reason)
                .contains(tuple("payment.pg.refund", "REJECTED", "UNAUTHENTICATED_EVENT")));
        assertThat(edge.refundRead(paid.orderId(), "r1").path("status").asString())
                .isEqualTo("REQUESTED");
        JsonNode genuine = awaitRefund(paid.orderId(), "r1", "SUCCEEDED");
        assertThat(genuine.path("transactionKey").asString()).isNotEqualTo("tx-forged");
        assertThat(edge.orderRead(paid.orderId()).path("refundedAmount").asLong())
                .isEqualTo(2000);
        assertThat(pg.ledger(paid.orderId()).path("canceledAmount").asLong()).isEqualTo(2000);
    }

    private static CloudEvent<RefundRequested> refundRequest(
            String orderId, String refundId, Long amount, String reason) {
        return CloudEvent.of(
                EventIds.refundRequested(orderId, refundId),
                "/shop",
                Instant.now(),
                new RefundRequested(orderId, refundId, amount, reason));
    }

    private static JsonNode awaitRefund(String orderId, String refundId, String status) {
        return await().atMost(SETTLED)
                .until(
                        () -> edge.refundRead(orderId, refundId),
                        refund -> refund != null
                                && status.equals(refund.path("status").asString()));
    }

    private static JsonNode awaitRefundEnded(String orderId, String refundId) {
        return await().atMost(SETTLED)
                .until(
                        () -> edge.refundRead(orderId, refundId),
                        refund -> refund != null
                                && !"REQUESTED".equals(refund.path("status").asString()));
    }

    /** Exactly one distinct {@code payment.refund.completed} per refund, with its deterministic id. */
    private static void awaitRefundRecords(String orderId, String... refundIds) {
        await().atMost(SETTLED).untilAsserted(() -> assertThat(probe.refundRecords(orderId).stream()
                        .map(ConsumerRecord::value)
                        .map(value -> JSON.readTree(value).path("id").asString())
                        .distinct())
                .containsExactlyInAnyOrder(Arrays.stream(refundIds)
                        .map(refundId -> EventIds.refundCompleted(orderId, refundId))
                        .toArray(String[]::new)));
    }
}
