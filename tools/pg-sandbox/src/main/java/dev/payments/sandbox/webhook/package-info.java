/** Webhooks (PAYMENT_STATUS_CHANGED, DEPOSIT_CALLBACK): sent from a bounded pool, retried on Toss's schedule. */
package dev.payments.sandbox.webhook;
