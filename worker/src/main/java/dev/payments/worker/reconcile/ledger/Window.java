package dev.payments.worker.reconcile.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/** A reconciliation window: PG rows and our records with {@code start <= time < end}. */
record Window(Instant start, Instant end) {

    Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a window's start must be before its end");
        }
    }

    boolean contains(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }

    /** This window, {@code margin} longer at both ends. */
    Window widenedBy(Duration margin) {
        return new Window(start.minus(margin), end.plus(margin));
    }

    /**
     * The rolling window due at {@code now}: it ends on the last point of the {@code interval} grid (counted from the
     * epoch) that lies {@code settleDelay} or more before now, and is {@code length} long. Every instance computes the
     * same window for the same tick, so the claim of its row makes it run once.
     */
    static Window rolling(Instant now, Duration interval, Duration length, Duration settleDelay) {
        long step = interval.toMillis();
        Instant end = Instant.ofEpochMilli(Math.floorDiv(now.minus(settleDelay).toEpochMilli(), step) * step);
        return new Window(end.minus(length), end);
    }

    /** The first moment after {@code now} at which a new rolling window is due: a grid point plus the settle delay. */
    static Instant nextRollingTick(Instant now, Duration interval, Duration settleDelay) {
        long step = interval.toMillis();
        long gridPoint = Math.floorDiv(now.minus(settleDelay).toEpochMilli(), step) * step;
        return Instant.ofEpochMilli(gridPoint + step).plus(settleDelay);
    }

    /** The whole day before the one {@code now} falls on, in {@code zone}. */
    static Window previousDay(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return new Window(
                today.minusDays(1).atStartOfDay(zone).toInstant(),
                today.atStartOfDay(zone).toInstant());
    }
}
