package dev.payments.worker.auth;

import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key of the worker's own events ({@code payments.worker.event-key} and its rotation). Only worker instances hold
 * it: never the edge, never a shop. Never logged: {@link #toString()} masks the keys.
 *
 * <p>Rotation: give every instance the new key as {@code event-key} and the old one as {@code previous-event-key},
 * with {@code previous-event-key-until} after the last event signed with the old key can still be read (events still
 * in the topic, parked events); then remove the previous key.
 *
 * @param eventKey the key every event is signed with, and checked against first; no default (the {@code local}
 *     profile's is in worker-local.yml)
 * @param previousEventKey a key events are still accepted with until {@code previousEventKeyUntil} (blank: none)
 * @param previousEventKeyUntil when the previous key stops being accepted, by the consumer's clock; required with a
 *     previous key
 */
@ConfigurationProperties("payments.worker")
public record EventKeyProperties(String eventKey, String previousEventKey, Instant previousEventKeyUntil) {

    public EventKeyProperties {
        if (eventKey == null || eventKey.isBlank()) {
            throw new IllegalArgumentException("payments.worker.event-key must not be blank");
        }
        if (previousEventKey != null && previousEventKey.isBlank()) {
            previousEventKey = null;
        }
        if (previousEventKey != null && previousEventKeyUntil == null) {
            throw new IllegalArgumentException("payments.worker.previous-event-key-until must be set with"
                    + " payments.worker.previous-event-key, or the previous key would be accepted forever");
        }
    }

    @Override
    public String toString() {
        return "EventKeyProperties[eventKey=****, previousEventKey=" + (previousEventKey == null ? "none" : "****")
                + ", previousEventKeyUntil=" + previousEventKeyUntil + "]";
    }
}
