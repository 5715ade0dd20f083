/**
 * Expiry: a sweeper that asks, once per order, for open orders past their {@code expiresAt} to be cancelled, and for
 * orders awaiting a deposit past their virtual account's due date to have it cancelled at the PG, by publishing
 * {@code payment.order.expire} on the order's key, so that a result (or a deposit) that arrived first wins.
 */
package dev.payments.worker.expiry;
