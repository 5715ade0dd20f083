package dev.payments.sandbox.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Faults of {@code GET /v1/transactions} set through the automation API: the next N calls answered {@code 429
 * TOO_MANY_REQUESTS} with a {@code Retry-After}, and a wait before each call (Toss's transactions API may take up to
 * 60 s and answers 429 when called too often). Off until set; a reset turns them off.
 */
@Component
public class TransactionsFaults {

    static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

    private final AtomicLong tooManyRequests = new AtomicLong();
    private volatile long retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
    private volatile long delayMs;

    /** The knobs as set now. */
    public record Settings(long tooManyRequests, long retryAfterSeconds, long delayMs) {}

    /**
     * Sets the knobs given (null: unchanged).
     *
     * @throws IllegalArgumentException for a negative count or delay, or a Retry-After below one second
     */
    public synchronized Settings set(Long tooManyRequests, Long retryAfterSeconds, Long delayMs) {
        if ((tooManyRequests != null && tooManyRequests < 0)
                || (retryAfterSeconds != null && retryAfterSeconds < 1)
                || (delayMs != null && delayMs < 0)) {
            throw new IllegalArgumentException(
                    "tooManyRequests and delayMs must not be negative, retryAfterSeconds must be at least 1");
        }
        if (tooManyRequests != null) {
            this.tooManyRequests.set(tooManyRequests);
        }
        if (retryAfterSeconds != null) {
            this.retryAfterSeconds = retryAfterSeconds;
        }
        if (delayMs != null) {
            this.delayMs = delayMs;
        }
        return settings();
    }

    public Settings settings() {
        return new Settings(tooManyRequests.get(), retryAfterSeconds, delayMs);
    }

    /** Takes one of the 429 answers, if any are left. */
    boolean takeTooManyRequests() {
        return tooManyRequests.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    Duration delay() {
        return Duration.ofMillis(delayMs);
    }

    /** Everything off again (reset). */
    public synchronized void clear() {
        tooManyRequests.set(0);
        retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
        delayMs = 0;
    }
}
