package dev.payments.worker.order.persistence;

import dev.payments.worker.order.OrderStatus;

/**
 * One row of an order's timeline: a record the worker read for the order, what it did with it and why. Never updated.
 *
 * @param result APPLIED, DUPLICATE, PARKED or REJECTED
 * @param eventSource the CloudEvents source (null for a rejection the worker made on its own, e.g. a parked event
 *     whose order never arrived)
 * @param reason why (null when applied without one)
 * @param status the order's status after the record (null when there is no order yet)
 */
public record TimelineEntry(
        String orderId,
        String eventId,
        String eventType,
        String eventSource,
        String result,
        String reason,
        OrderStatus status,
        Integer kafkaPartition,
        Long kafkaOffset) {}
