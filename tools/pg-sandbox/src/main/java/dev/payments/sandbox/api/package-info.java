/** The Toss Payments v1 HTTP API: Basic auth, Idempotency-Key, test codes, fault injection, Toss-shaped answers. */
package dev.payments.sandbox.api;
