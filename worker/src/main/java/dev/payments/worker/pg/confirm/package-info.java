/** Confirm jobs: one per order that reached SUCCESS, answered by a {@code payment.pg.confirmation} event. */
package dev.payments.worker.pg.confirm;
