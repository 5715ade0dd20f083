/** Status checks: payments read from the PG, fed back to the order as {@code payment.pg.status} events (LOOKUP). */
package dev.payments.worker.pg.status;
