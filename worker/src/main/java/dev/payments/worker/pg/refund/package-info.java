/**
 * Refund jobs: one cancel at the PG per refund recorded REQUESTED, answered by a {@code payment.pg.refund} event.
 */
package dev.payments.worker.pg.refund;
