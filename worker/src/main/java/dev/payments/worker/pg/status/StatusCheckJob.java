package dev.payments.worker.pg.status;

import dev.payments.worker.pg.jobs.LeasedJob;

/**
 * A status check this instance has claimed: one row of {@code pg_status_checks}, leased to us until it is done or
 * rescheduled.
 *
 * @param paymentKey the payment to read; null: read the order's payment by orderId
 * @param attempts claims so far, this one included (see {@link LeasedJob#attempts}). It is never reset (a fence must
 *     not repeat), so a check requested again retries a transient failure at a back-off that has already grown: at
 *     most {@code payments.pg.status-check.max-backoff}
 * @param requests how many times the check was requested when we claimed it: a request made while we were reading
 *     the PG leaves the check pending, so that the PG is read again after that request
 */
record StatusCheckJob(String orderId, String paymentKey, int attempts, long requests) implements LeasedJob {}
