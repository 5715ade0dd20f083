package dev.payments.system;

import static dev.payments.system.Fixtures.checkout;
import static dev.payments.system.Fixtures.issued;
import static dev.payments.system.Fixtures.newOrderId;
import static dev.payments.system.Fixtures.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.EventIds;
import dev.payments.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A worker that dies after its database commit but before its offset commit comes back to records whose effects are
 * already committed. We produce exactly that state: let an order complete, stop the consumer, move the group's
 * committed offset back to before the order's first record, and start the consumer again.
 */
class CrashRecoveryIT extends SystemTestBase {

    @Test
    void redeliveryAfterCommitBeforeOffsetCommitConfirmsOnceAndCompletesOnce() throws Exception {
        String orderId = newOrderId("crash");
        shop.send(issued(orderId));
        shop.send(checkout(orderId));
        shop.send(success(orderId));
        probe.awaitStatus(orderId, "COMPLETE");
        probe.awaitCompletions(orderId, 1);
        int rowsBefore = probe.timeline(orderId).size();
        long firstOffset = probe.timeline(orderId).getFirst().offset();
        TopicPartition partition = new TopicPartition(Topics.ORDER_EVENTS, Partitions.of(orderId));

        MessageListenerContainer consumer =
                stack.worker.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("order-events");
        // the worker commits offsets without waiting for the broker: a commit lost that way is this very situation
        assertThat(consumer.getContainerProperties().isSyncCommits()).isFalse();
        consumer.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.isRunning());
        rewind(partition, firstOffset);
        consumer.start();

        // every record of the order is read again: each leaves a DUPLICATE row and nothing else
        probe.awaitTimelineSize(orderId, rowsBefore * 2);
        assertThat(probe.timeline(orderId).subList(rowsBefore, rowsBefore * 2))
                .extracting(OrderProbe.TimelineRow::result, OrderProbe.TimelineRow::reason)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("DUPLICATE", "SAME_EVENT"));
        assertThat(probe.status(orderId)).contains("COMPLETE");
        assertThat(stack.confirmRequests(orderId)).hasSize(1);
        // exactly one completion record, and it stays one: the re-read records emitted nothing
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        probe.completions(orderId))
                .singleElement()
                .satisfies(r -> assertThat(r.value()).contains("\"id\":\"" + EventIds.completion(orderId) + "\"")));
    }

    private static void rewind(TopicPartition partition, long offset) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            // the group's members must have left before its offsets can be altered
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> admin.alterConsumerGroupOffsets(
                                    "payments-worker", Map.of(partition, new OffsetAndMetadata(offset)))
                            .all()
                            .get());
        }
    }
}
