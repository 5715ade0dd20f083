package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.Topics;
import dev.payments.system.EdgeClient.IssuedOrder;
import dev.payments.testsupport.KafkaRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Orders nobody pays in time are cancelled by the worker's expiry sweeper, once, whoever else races it. */
class ExpiryIT extends SandboxSystemTestBase {

    @Test
    void expiryRacingALateSuccessRedirectEndsInExactlyOneOutcome() {
        String orderId = newOrderId("race");
        Instant expiresAt = Instant.now().plusSeconds(2);
        shop.send(Fixtures.issued(orderId, AMOUNT, "Coffee beans", expiresAt));
        probe.awaitStatus(orderId, "PREPAY");
        IssuedOrder order = new IssuedOrder(
                orderId,
                Fixtures.tokenFor(orderId),
                "https://pay.shop.test/pg/success?orderId=" + orderId + "&token="
                        + EdgeClient.encode(Fixtures.tokenFor(orderId)),
                "https://pay.shop.test/pg/fail?orderId=" + orderId + "&token="
                        + EdgeClient.encode(Fixtures.tokenFor(orderId)));
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

    @Test
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
                assertThat(KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS, id))
                        .filteredOn(r -> r.value().contains("\"type\":\"payment.order.expire\""))
                        .hasSize(1);
                probe.awaitCompletions(id, 1);
            }
        } finally {
            secondWorker.close();
        }
    }
}
