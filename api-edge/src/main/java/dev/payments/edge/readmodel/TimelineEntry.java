package dev.payments.edge.readmodel;

import java.time.Instant;

/**
 * One row of an order's timeline: an event the worker read and what it did with it.
 *
 * @param result {@code APPLIED}, {@code DUPLICATE}, {@code PARKED} or {@code REJECTED}
 * @param reason the rejection reason, or null
 * @param status the order's status after the event
 */
record TimelineEntry(String eventId, String type, String result, String reason, String status, Instant at) {}
