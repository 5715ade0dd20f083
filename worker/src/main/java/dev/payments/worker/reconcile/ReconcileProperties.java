package dev.payments.worker.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reconciliation of orders whose outcome the worker does not know ({@code payments.reconcile.*}).
 *
 * @param enabled whether this instance runs the reconciler
 * @param interval pause between two passes
 * @param successAfter a SUCCESS order whose confirm job is still pending this long is looked up
 * @param inProgressBeforeExpiry an IN_PROGRESS order is looked up from this long before its expiry (to as long after)
 * @param recheckAfter the least time between two look-ups of one order (a check that ended within it is not repeated)
 * @param batchSize at most this many orders of each kind per pass
 */
@ConfigurationProperties("payments.reconcile")
public record ReconcileProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") Duration interval,
        @DefaultValue("2m") Duration successAfter,
        @DefaultValue("2m") Duration inProgressBeforeExpiry,
        @DefaultValue("1m") Duration recheckAfter,
        @DefaultValue("200") int batchSize) {

    public ReconcileProperties {
        requirePositive(interval, "payments.reconcile.interval");
        requirePositive(successAfter, "payments.reconcile.success-after");
        requirePositive(inProgressBeforeExpiry, "payments.reconcile.in-progress-before-expiry");
        if (recheckAfter == null || recheckAfter.isNegative()) {
            throw new IllegalArgumentException("payments.reconcile.recheck-after must not be negative");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("payments.reconcile.batch-size must be at least 1");
        }
    }

    private static void requirePositive(Duration value, String property) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be a positive duration");
        }
    }
}
