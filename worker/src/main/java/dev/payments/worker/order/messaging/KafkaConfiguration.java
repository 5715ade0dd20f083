package dev.payments.worker.order.messaging;

import dev.payments.schemas.Topics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics the worker creates at start-up when missing (it does not rely on broker auto-creation), and the consumer's
 * error handler. Never a retry topic on order-events: that would give up per-order ordering.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics paymentTopics(
            @Value("${payments.topics.partitions:6}") int partitions,
            @Value("${payments.topics.replication-factor:1}") short replicas) {
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
