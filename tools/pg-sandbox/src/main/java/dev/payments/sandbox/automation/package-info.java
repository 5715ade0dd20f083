/**
 * The test-only automation API under {@code /sandbox/v1}: headless payment sessions with scripted confirm behaviour,
 * what the PG or the bank does behind the merchant's back (cancel, approve, deposit into a virtual account, reverse
 * it, lose a payment's webhooks), faults of the transactions API, the ledger, reset. It has no authentication: never expose a sandbox beyond a test network.
 */
package dev.payments.sandbox.automation;
