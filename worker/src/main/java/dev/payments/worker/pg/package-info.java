/**
 * Confirming verified payments with the PG (Toss Payments API), off the ordered consumer path: confirm jobs in
 * {@code pg_confirmations}, a dispatcher that works them off on virtual threads, and the PG's definitive answer
 * published back onto the order-events topic as a {@code payment.pg.confirmation} event.
 */
package dev.payments.worker.pg;
