package dev.payments.worker.reconcile.ledger;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * Reconciliation with the PG's transactions list ({@code payments.reconciliation.*}, docs/contract.md §5, §6).
 *
 * @param enabled whether this instance starts scheduled runs (a manual run through the endpoint works either way)
 * @param interval how often the rolling run starts (contract §6)
 * @param window the length of the rolling run's window
 * @param settleDelay the rolling window ends this long before now, so that answers in flight land first
 * @param margin the PG's rows are fetched this far beyond both ends of the window, so a row whose time differs
 *     slightly from ours still matches; only rows and records inside the window are classified
 * @param daily the run over the whole previous day
 * @param zone the PG's time zone: its startDate and endDate are local times there, and it decides what "the previous
 *     day" is
 * @param pageSize rows asked for per page (Toss: 1 to 5000)
 * @param readTimeout how long one page may take (Toss: up to 60 s per call)
 * @param maxAttempts attempts per page (throttled or transient) before the run fails
 * @param initialBackoff the wait before the second attempt of a page after a transient failure; doubles per attempt,
 *     with jitter
 * @param maxBackoff the longest wait between two attempts; a PG that asks for longer (Retry-After) fails the run, and a
 *     later tick tries the window again
 * @param lease a RUNNING run not finished (nor renewed, once per page) within this long is taken for dead and may be
 *     taken over
 * @param keep runs (and their items) older than this are deleted, on the daily tick
 */
@ConfigurationProperties("payments.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") Duration interval,
        @DefaultValue("15m") Duration window,
        @DefaultValue("2m") Duration settleDelay,
        @DefaultValue("5m") Duration margin,
        @DefaultValue Daily daily,
        @DefaultValue("Asia/Seoul") ZoneId zone,
        @DefaultValue("5000") int pageSize,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("60s") Duration maxBackoff,
        @DefaultValue("15m") Duration lease,
        @DefaultValue("90d") Duration keep) {

    /** The most rows Toss lists per page. */
    private static final int MAX_PAGE_SIZE = 5000;

    public ReconciliationProperties {
        requirePositive(interval, "payments.reconciliation.interval");
        requirePositive(window, "payments.reconciliation.window");
        requireNotNegative(settleDelay, "payments.reconciliation.settle-delay");
        requireNotNegative(margin, "payments.reconciliation.margin");
        requirePositive(readTimeout, "payments.reconciliation.read-timeout");
        requirePositive(initialBackoff, "payments.reconciliation.initial-backoff");
        requirePositive(maxBackoff, "payments.reconciliation.max-backoff");
        requirePositive(lease, "payments.reconciliation.lease");
        requirePositive(keep, "payments.reconciliation.keep");
        if (window.compareTo(interval) < 0) {
            // windows that do not meet leave transactions no rolling run ever looks at
            throw new IllegalArgumentException("payments.reconciliation.window must not be shorter than its interval");
        }
        if (zone == null) {
            throw new IllegalArgumentException("payments.reconciliation.zone must be a time zone, e.g. Asia/Seoul");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("payments.reconciliation.page-size must be 1 to " + MAX_PAGE_SIZE);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("payments.reconciliation.max-attempts must be at least 1");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "payments.reconciliation.max-backoff must not be shorter than initial-backoff");
        }
    }

    /**
     * The daily run over the whole previous day ({@code payments.reconciliation.daily.*}).
     *
     * @param enabled whether the daily run starts (retention runs on its tick either way)
     * @param at the local time, in {@code zone}, the daily run starts at
     */
    public record Daily(
            @DefaultValue("true") boolean enabled,

            @DefaultValue("01:00") @DateTimeFormat(pattern = "HH:mm")
            LocalTime at) {

        public Daily {
            if (at == null) {
                throw new IllegalArgumentException(
                        "payments.reconciliation.daily.at must be a time of day, e.g. 01:00");
            }
        }
    }

    private static void requirePositive(Duration value, String property) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be a positive duration");
        }
    }

    private static void requireNotNegative(Duration value, String property) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative");
        }
    }
}
