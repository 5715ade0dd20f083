package dev.payments.worker.order.processing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The order-events consumer ({@code payments.worker.*}).
 *
 * @param consumers consumer threads of this instance (each owns some of the topic's partitions; more threads than
 *     partitions idle)
 * @param processing how a poll batch is applied
 * @param syncCommits whether offsets are committed synchronously (they are always committed after the batch's
 *     transaction)
 */
@ConfigurationProperties("payments.worker")
public record ConsumerProperties(
        @DefaultValue("2") int consumers,
        @DefaultValue("batch") Processing processing,
        @DefaultValue("false") boolean syncCommits) {

    public ConsumerProperties {
        if (consumers < 1) {
            throw new IllegalArgumentException("payments.worker.consumers must be at least 1");
        }
    }

    /** How poll batches are applied. */
    public enum Processing {
        /** One transaction per poll batch, record by record only when the batch fails. */
        BATCH,
        /** One transaction per record: the benchmark's baseline, which measures what batching gains. */
        PER_RECORD
    }
}
