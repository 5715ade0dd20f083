/**
 * Expiry: a sweeper that asks, once per order, for open orders past their {@code expiresAt} to be cancelled, by
 * publishing {@code payment.order.expire} on the order's key, so that a result that arrived first wins.
 */
package dev.payments.worker.expiry;
