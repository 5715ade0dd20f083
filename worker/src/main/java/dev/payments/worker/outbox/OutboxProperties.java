package dev.payments.worker.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for rows when nobody woke it
 * @param batchSize rows published per transaction
 * @param sendTimeout how long a batch may wait for the broker's acks before it is retried
 */
@ConfigurationProperties("payments.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("5s") Duration maxBackoff) {}
