package dev.payments.worker.outbox;

import java.time.Instant;

/**
 * A Kafka record waiting to be published. Headers are stored as JSON ({@link OutboxHeaders}).
 *
 * @param latencyOrigin when the event that caused this record reached us; null when nobody times this record
 * @param latencyTrigger the type of that event (a metric tag)
 */
record OutboxMessage(
        String topic,
        byte[] key,
        byte[] payload,
        String headers,
        Instant createdAt,
        Instant latencyOrigin,
        String latencyTrigger) {}
