/**
 * Transactional outbox: Kafka records (completions, dead letters) are written in the transaction of the state change
 * that causes them and published by {@link dev.payments.worker.outbox.OutboxRelay} after commit.
 */
package dev.payments.worker.outbox;
