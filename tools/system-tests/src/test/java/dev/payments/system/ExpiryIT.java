package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.EventType;
import dev.payments.schemas.Topics;
import dev.payments.system.EdgeClient.IssuedOrder;
import dev.payments.testsupport.KafkaRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders nobody pays in time are cancelled by the worker's expiry sweeper, once, whoever else races it. The two tests
 * run side by side: the race's order may be read while the second worker instance joins the group, a race more.
 */
class ExpiryIT extends SandboxSystemTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @ConcurrentTest
    void expiryRacingALateSuccessRedirectEndsInExactlyOneOutcome() {
        String orderId = newOrderId("race");
        Instant expiresAt = Instant.now().plusSeconds(2);
        shop.send(Fixtures.issued(orderId, AMOUNT, "Coffee beans", expiresAt));
        probe.awaitStatus(orderId, "PREPAY");
        IssuedOrder order = Fixtures.issuedOrder(orderId);
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);

        await().atMost(Duration.ofSeconds(10)).until(() -> !Instant.now().isBefore(expiresAt));
        edge.get(session.redirectUrl());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(probe.status(orderId))
                .hasValueSatisfying(s -> assertThat(s).isIn("COMPLETE", "CANCEL")));
        probe.awaitCompletions(orderId, 1);
        String outcome = probe.status(orderId).orElseThrow();
        assertThat(probe.timeline(orderId))
                .filteredOn(row -> row.result().equals("APPLIED")
                        && List.of("COMPLETE", "CANCEL", "FAIL").contains(row.status()))
                .as("one terminal transition")
                .hasSize(1);
        assertThat(approvals(orderId)).isEqualTo(outcome.equals("COMPLETE") ? 1 : 0);
    }

    @ConcurrentTest
    void twoWorkerInstancesApplyOneExpiryPerOrder() {
        ConfigurableApplicationContext secondWorker = stack.startWorker();
        try {
            Instant expiresAt = Instant.now().plusSeconds(1);
            List<String> orderIds =
                    IntStream.range(0, 12).mapToObj(i -> newOrderId("exp" + i)).toList();
            orderIds.forEach(id -> shop.send(Fixtures.issued(id, AMOUNT, "Coffee beans", expiresAt)));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(orderIds)
                    .allSatisfy(id -> assertThat(probe.status(id)).contains("CANCEL")));
            for (String id : orderIds) {
                assertThat(probe.reason(id)).isEqualTo("EXPIRED");
                assertThat(probe.timeline(id))
                        .filteredOn(row -> row.type().equals("payment.order.expire"))
                        .extracting(OrderProbe.TimelineRow::result)
                        .containsOnlyOnce("APPLIED")
                        .doesNotContain("REJECTED");
            }
            // each topic read once for all the orders
            Map<String, Long> expiries = KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS).stream()
                    .filter(r -> r.value().contains("\"type\":\"payment.order.expire\""))
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(orderIds)
                    .allSatisfy(id ->
                            assertThat(expiries.get(id)).as("expiries of " + id).isEqualTo(1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Long> completions =
                        KafkaRecords.readAll(stack.bootstrapServers(), Topics.COMPLETIONS).stream()
                                .filter(r -> EventType.ORDER_COMPLETED
                                        .type()
                                        .equals(JSON.readTree(r.value())
                                                .path("type")
                                                .asString(null)))
                                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
                assertThat(orderIds).allSatisfy(id -> assertThat(completions.get(id))
                        .as("completions of " + id)
                        .isEqualTo(1));
            });
        } finally {
            secondWorker.close();
        }
    }
}
