package dev.payments.worker.order.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topics the worker creates when they are missing ({@code payments.topics.*}).
 *
 * @param partitions partitions of each topic: the unit of order and of parallelism across worker instances
 * @param replicationFactor replicas of each partition (1 on a one-broker development cluster)
 */
@ConfigurationProperties("payments.topics")
public record TopicProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor) {

    public TopicProperties {
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "payments.topics.partitions and payments.topics.replication-factor must be at least 1");
        }
    }
}
