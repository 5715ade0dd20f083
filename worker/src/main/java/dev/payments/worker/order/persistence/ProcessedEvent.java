package dev.payments.worker.order.persistence;

/**
 * An entry of the idempotent-consumer log: this event was applied, in the transaction of its effects; it claims its id.
 *
 * @param fingerprint the event's content (hex SHA-256 of its type and canonical data): a later event with this id is a
 *     duplicate only with the same fingerprint
 */
public record ProcessedEvent(String eventId, String orderId, String fingerprint) {}
