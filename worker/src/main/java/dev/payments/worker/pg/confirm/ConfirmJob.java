package dev.payments.worker.pg.confirm;

import dev.payments.worker.pg.jobs.LeasedJob;
import java.time.Duration;
import java.time.Instant;

/**
 * A confirm job this instance has claimed: one row of {@code pg_confirmations}, leased to us until it is done or
 * rescheduled.
 *
 * @param attempts claims so far, this one included (see {@link LeasedJob#attempts})
 * @param claimedAt the database's time of the claim
 */
record ConfirmJob(
        String orderId,
        String paymentKey,
        long amount,
        String idempotencyKey,
        int attempts,
        Instant createdAt,
        Instant claimedAt)
        implements LeasedJob {

    /** The Idempotency-Key of every confirm for this order: stable, so a retry can never approve twice. */
    static String idempotencyKeyFor(String orderId) {
        return "confirm-" + orderId;
    }

    /**
     * Whether the PG's confirm window has passed, counted from when the job was created, which is after the buyer
     * authenticated: past it, a confirm can no longer approve.
     */
    boolean pastWindow(Duration window) {
        return claimedAt.isAfter(createdAt.plus(window));
    }
}
