/**
 * The test-only automation API under {@code /sandbox/v1}: headless payment sessions with scripted confirm behaviour,
 * the ledger, reset. It has no authentication: never expose a sandbox beyond a test network.
 */
package dev.payments.sandbox.automation;
