package dev.payments.worker.order.messaging;

import dev.payments.schemas.Topics;
import dev.payments.worker.order.processing.ConsumerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics the worker creates at start-up when missing (it does not rely on broker auto-creation), the consumer's threads
 * and offset commits, and its error handler.
 *
 * <p>The error handler departs from the usual {@code DefaultErrorHandler} + {@code DeadLetterPublishingRecoverer}:
 * records that cannot be applied are dead-lettered by the listener itself, through the outbox, in the same ordered
 * pass, so the dead letter commits with the offsets around it and the partition keeps flowing; the handler only ever
 * sees failures that may pass (database down, a concurrent writer) and retries them in order. Never a retry topic on
 * order-events: that would give up per-order ordering.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics paymentTopics(TopicProperties topics) {
        int partitions = topics.partitions();
        short replicas = topics.replicationFactor();
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(Topics.ORDER_EVENTS)
                        .partitions(partitions)
                        .replicas(replicas)
                        .build(),
                TopicBuilder.name(Topics.COMPLETIONS)
                        .partitions(partitions)
                        .replicas(replicas)
                        .build(),
                TopicBuilder.name(Topics.ORDER_EVENTS_DLT)
                        .partitions(partitions)
                        .replicas(replicas)
                        .build());
    }

    /**
     * The consumer threads, and offsets committed without waiting for the broker's answer: the listener returns only
     * after the batch's transaction committed, so a commit still never runs ahead of its effects; a commit that fails
     * or is lost in a crash or rebalance only means the records are read again, and a record read again is a duplicate
     * the event-id log drops. A synchronous commit would put a broker round trip on the ordered path after every batch.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> orderEventsContainer(
            ConsumerProperties consumer) {
        return container -> {
            container.setConcurrency(consumer.consumers());
            container.getContainerProperties().setSyncCommits(consumer.syncCommits());
        };
    }

    /**
     * Bad records never reach this handler (they are dead-lettered inside the listener); what does is a failure that
     * may pass (database down, concurrent writer), so it retries from the failed record, in order, without end.
     */
    @Bean
    DefaultErrorHandler orderEventsErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(250, 2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
        return handler;
    }
}
