package dev.payments.system;

import static dev.payments.system.Fixtures.checkout;
import static dev.payments.system.Fixtures.issued;
import static dev.payments.system.Fixtures.newOrderId;
import static dev.payments.system.Fixtures.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.PgResult.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Orders driven by a shop's own Kafka producer, straight into payments.order-events (no HTTP). The tests run in
 * parallel, each on orders of its own. One reads a meter of the whole worker, the late events: it is the only test of
 * the class that makes one, and it asks only that the count grew.
 */
class ShopProducerFlowIT extends SystemTestBase {

    @ConcurrentTest
    void shopProducedEventsCompleteAnOrderWithOneConfirmAndOneCompletion() {
        String orderId = newOrderId("shop");
        shop.send(issued(orderId));
        shop.send(checkout(orderId));
        shop.send(success(orderId));

        probe.awaitStatus(orderId, "COMPLETE");
        probe.awaitCompletions(orderId, 1);
        assertThat(stack.confirmRequests(orderId)).hasSize(1);
        assertThat(probe.completions(orderId).getFirst().value())
                .contains("\"id\":\"" + orderId + ":completion\"")
                .contains("\"status\":\"COMPLETE\"");
        assertThat(probe.timeline(orderId))
                .extracting(OrderProbe.TimelineRow::type, OrderProbe.TimelineRow::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("payment.order.issued", "APPLIED"),
                        org.assertj.core.groups.Tuple.tuple("payment.checkout.started", "APPLIED"),
                        org.assertj.core.groups.Tuple.tuple("payment.pg.result", "APPLIED"),
                        org.assertj.core.groups.Tuple.tuple("payment.pg.confirmation", "APPLIED"));
    }

    @ConcurrentTest
    void resultProducedBeforeItsOrderIsParkedThenApplied() {
        String orderId = newOrderId("early");
        shop.send(success(orderId));
        probe.awaitTimelineSize(orderId, 1);
        assertThat(probe.timeline(orderId).getFirst().result()).isEqualTo("PARKED");
        assertThat(probe.status(orderId)).isEmpty();

        shop.send(issued(orderId));

        probe.awaitStatus(orderId, "COMPLETE");
        assertThat(probe.timeline(orderId))
                .extracting(OrderProbe.TimelineRow::type, OrderProbe.TimelineRow::result)
                .startsWith(
                        org.assertj.core.groups.Tuple.tuple("payment.pg.result", "PARKED"),
                        org.assertj.core.groups.Tuple.tuple("payment.order.issued", "APPLIED"),
                        org.assertj.core.groups.Tuple.tuple("payment.pg.result", "APPLIED"));
        probe.awaitCompletions(orderId, 1);
        assertThat(stack.confirmRequests(orderId)).hasSize(1);
    }

    @ConcurrentTest
    void eventWhoseOrderNeverArrivesIsRefusedAsUnknownOrderAfterTheParkTtl() {
        String orderId = newOrderId("orphan");
        shop.send(checkout(orderId));
        probe.awaitTimelineSize(orderId, 1);

        await().atMost(PaymentsStack.PARK_TTL.plusSeconds(20)).untilAsserted(() -> assertThat(probe.timeline(orderId))
                .extracting(OrderProbe.TimelineRow::result, OrderProbe.TimelineRow::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("PARKED", null),
                        org.assertj.core.groups.Tuple.tuple("REJECTED", "UNKNOWN_ORDER")));
        assertThat(probe.status(orderId)).isEmpty();

        // the order arriving late finds nothing left to replay
        shop.send(issued(orderId));
        probe.awaitStatus(orderId, "PREPAY");
        assertThat(probe.timeline(orderId)).hasSize(3);
    }

    @ConcurrentTest
    void identicalReissueIsDuplicateAndConflictingReissueIsRefused() {
        String orderId = newOrderId("reissue");
        shop.send(issued(orderId));
        shop.send(issued(orderId));
        shop.send(issued(orderId, 99_000, "Something else"));

        probe.awaitTimelineSize(orderId, 3);
        assertThat(probe.timeline(orderId))
                .extracting(OrderProbe.TimelineRow::result, OrderProbe.TimelineRow::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("APPLIED", null),
                        org.assertj.core.groups.Tuple.tuple("DUPLICATE", "SAME_ORDER"),
                        org.assertj.core.groups.Tuple.tuple("REJECTED", "CONFLICTING_REISSUE"));
        assertThat(probe.status(orderId)).contains("PREPAY");
        assertThat(stack.jdbc()
                        .sql("SELECT amount FROM orders WHERE order_id = ?")
                        .param(orderId)
                        .query(Long.class)
                        .single())
                .isEqualTo(Fixtures.AMOUNT);
    }

    @ConcurrentTest
    void eventContradictingTerminalStateIsRefusedAndCounted() {
        String orderId = newOrderId("late");
        double lateBefore = lateEvents();
        shop.send(issued(orderId));
        shop.send(Fixtures.failure(orderId, Outcome.CANCEL, "PAY_PROCESS_CANCELED"));
        probe.awaitStatus(orderId, "CANCEL");

        shop.send(success(orderId));

        probe.awaitTimelineSize(orderId, 3);
        assertThat(probe.timeline(orderId).getLast())
                .extracting(OrderProbe.TimelineRow::result, OrderProbe.TimelineRow::reason)
                .containsExactly("REJECTED", "LATE_EVENT");
        assertThat(probe.status(orderId)).contains("CANCEL");
        await().atMost(Duration.ofSeconds(10)).until(() -> lateEvents() >= lateBefore + 1);
        probe.awaitCompletions(orderId, 1);
        assertThat(stack.confirmRequests(orderId)).isEmpty();
    }

    @ConcurrentTest
    void manyOrdersInterleavedOnFewPartitionsAllCompleteInOffsetOrder() {
        List<String> orderIds =
                IntStream.range(0, 60).mapToObj(i -> newOrderId("bulk" + i)).toList();
        List<List<CloudEvent<EventData>>> lifecycles = new ArrayList<>();
        orderIds.forEach(id -> lifecycles.add(List.of(issued(id), checkout(id), success(id))));
        for (int step = 0; step < 3; step++) {
            for (List<CloudEvent<EventData>> lifecycle : lifecycles) {
                shop.send(lifecycle.get(step));
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(orderIds)
                .allSatisfy(id -> assertThat(probe.status(id)).contains("COMPLETE")));
        for (String id : orderIds) {
            List<OrderProbe.TimelineRow> timeline = probe.timeline(id);
            assertThat(timeline).extracting(OrderProbe.TimelineRow::result).containsOnly("APPLIED");
            assertThat(timeline)
                    .extracting(OrderProbe.TimelineRow::offset)
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(stack.confirmRequests(id)).hasSize(1);
        }
    }

    private static double lateEvents() {
        var counter = stack.worker
                .getBean(MeterRegistry.class)
                .find("payments.worker.late_events")
                .counters();
        return counter.stream().mapToDouble(c -> c.count()).sum();
    }
}
