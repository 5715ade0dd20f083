/**
 * The worker's one way out: every record it emits is an outbox row written in the transaction of the decision (or the
 * job state) that produced it, and published by {@link dev.payments.worker.outbox.OutboxRelay} after commit.
 */
package dev.payments.worker.outbox;
