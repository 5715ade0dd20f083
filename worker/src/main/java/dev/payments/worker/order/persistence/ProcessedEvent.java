package dev.payments.worker.order.persistence;

/** An entry of the idempotent-consumer log: this event was applied or rejected, in the transaction of its effects. */
public record ProcessedEvent(String eventId, String orderId) {}
