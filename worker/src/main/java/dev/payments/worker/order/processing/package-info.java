/**
 * The order-events application service: applies a poll batch of records to PostgreSQL in one transaction (state,
 * event-id log, timeline, parked events, outbox and confirm requests together), isolates bad records, and expires
 * parked events whose order never arrived.
 */
package dev.payments.worker.order.processing;
