package dev.payments.worker.expiry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The expiry sweeper ({@code payments.expiry.*}).
 *
 * @param enabled whether this instance runs the sweeper
 * @param sweepInterval pause between two sweeps
 * @param batchSize at most this many expiries requested per sweep
 * @param grace how long past {@code expiresAt} (or a virtual account's due date; by the database's clock) an order is
 *     swept. A consumer whose clock is behind the database's no longer refuses the expiry (the event carries the
 *     database's time, which counts), but a small grace keeps an order that is being paid this very moment from an
 *     expiry a result was about to beat
 * @param retryAfter a claim whose order still waits (open, or awaiting a deposit) after this long is claimed and
 *     requested again; same event id,
 *     so a consumer that applied the first one records the second as a duplicate, and one that refused the first
 *     (an expiry claims its id only when applied) decides the second afresh
 */
@ConfigurationProperties("payments.expiry")
public record ExpiryProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration grace,
        @DefaultValue("1m") Duration retryAfter) {

    public ExpiryProperties {
        requirePositive(sweepInterval, "payments.expiry.sweep-interval");
        requirePositive(retryAfter, "payments.expiry.retry-after");
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("payments.expiry.grace must not be negative");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("payments.expiry.batch-size must be at least 1");
        }
    }

    private static void requirePositive(Duration value, String property) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be a positive duration");
        }
    }
}
