package dev.payments.worker.pg.jobs;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Retry delays: doubling from {@code initial}, capped at {@code max}, with "equal jitter" (between half and all). */
public record Backoff(Duration initial, Duration max) {

    /** The delay before the next attempt, after {@code attempts} attempts (1 for the first retry). */
    public Duration after(int attempts, RandomGenerator random) {
        long initialMillis = initial.toMillis();
        long maxMillis = max.toMillis();
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long exponential = initialMillis > maxMillis >> doublings ? maxMillis : initialMillis << doublings;
        long millis = Math.min(exponential, maxMillis);
        long half = millis / 2;
        return Duration.ofMillis(half + random.nextLong(millis - half + 1));
    }
}
