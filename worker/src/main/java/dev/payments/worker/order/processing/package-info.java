/**
 * The order-events application service: decodes and validates records, decides a poll batch with the state machine
 * into one {@link dev.payments.worker.order.processing.UnitOfWork}, writes it in one transaction, isolates bad records
 * (dead letters through the outbox), and rejects parked events whose order never arrived.
 */
package dev.payments.worker.order.processing;
