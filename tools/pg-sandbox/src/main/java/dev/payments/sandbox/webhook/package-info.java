/** PAYMENT_STATUS_CHANGED webhooks: signed, sent from a bounded pool, retried on Toss's schedule. */
package dev.payments.sandbox.webhook;
