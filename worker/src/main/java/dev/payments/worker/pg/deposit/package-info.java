/**
 * The cancel, at the PG, of a virtual account (가상계좌) whose deposit deadline passed: off the consumer path, one job
 * per order, its answer fed back as the PG's verified word.
 */
package dev.payments.worker.pg.deposit;
