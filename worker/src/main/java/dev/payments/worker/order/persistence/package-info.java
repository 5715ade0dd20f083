/**
 * The worker's order tables. The consumer's hot path (orders, the event-id log, the timeline) is plain JDBC in
 * batches; parked events, a rare path, are JPA entities.
 */
package dev.payments.worker.order.persistence;
