package dev.payments.worker.order.persistence;

import java.time.Instant;

/**
 * An event that arrived before its order was issued, kept as the original bytes until the order arrives.
 *
 * @param id the row's id, in arrival order; null until the row is written
 * @param fingerprint the event's content, as the event-id log keeps it (null for rows parked before it was kept)
 */
public record ParkedEvent(
        Long id,
        String eventId,
        String orderId,
        String eventType,
        byte[] payload,
        Integer kafkaPartition,
        Long kafkaOffset,
        Instant parkedAt,
        String fingerprint) {}
