/**
 * The worker's proof that it wrote an event ({@code payments.worker.event-key}, docs/contract.md §2 "Authenticated"):
 * the outbox signs every event the worker feeds back to the order-events topic, the consumer checks the proof of every
 * event it reads. The attribute and the canonical form it covers are the contract's, in {@code schemas}'
 * {@link dev.payments.schemas.WorkerEventProof}; the key and the HMAC live here.
 */
package dev.payments.worker.auth;
