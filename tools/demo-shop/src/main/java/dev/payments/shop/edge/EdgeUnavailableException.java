package dev.payments.shop.edge;

import java.util.Optional;

/**
 * The edge could not be reached, timed out, or answered 5xx: the request may be retried later. After a timeout the
 * edge may have accepted it all the same, so a retry must carry the same ids (orderId, refundId).
 */
public class EdgeUnavailableException extends RuntimeException {

    private final String retryAfter;

    EdgeUnavailableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    EdgeUnavailableException(String message, Throwable cause, String retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The edge's {@code Retry-After} advice in seconds, when its 503 gave one as a number. */
    public Optional<Long> retryAfterSeconds() {
        try {
            return retryAfter == null ? Optional.empty() : Optional.of(Long.parseLong(retryAfter.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
