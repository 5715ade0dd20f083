package dev.payments.support.logging;

import dev.payments.schemas.OrderId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.MDC;

/**
 * Puts the order a piece of work is about into the SLF4J MDC, so every log line written meanwhile carries it: in the
 * console pattern ({@code logging.pattern.correlation}) and as a field of structured (JSON) logs. One key name for
 * both services, so an operator greps or filters one field across them.
 *
 * <p>Use with try-with-resources: {@link Scope#close()} restores what the keys held before, so nested scopes (a parked
 * event replayed while its order's issuance is being applied) and pooled or reused threads never leak an orderId into
 * another order's lines. Only orderIds of the contract's shape are put: a value from a request never forges a log
 * field.
 */
public final class OrderLogContext {

    /** MDC key (and JSON field) of the orderId. */
    public static final String ORDER_ID = "orderId";

    /** MDC key of the CloudEvents id of the event being applied. */
    public static final String EVENT_ID = "eventId";

    /** MDC key of the CloudEvents type of the event being applied. */
    public static final String EVENT_TYPE = "eventType";

    /** The contract's orderId. */
    private static final Predicate<String> ORDER_ID_SHAPE = OrderId::isValid;
    /** [A-Za-z0-9_.:-]{1,200}: event ids and types as our producers write them. */
    private static final Predicate<String> EVENT_ID_SHAPE = new Shape("_.:-", 1, 200)::matches;

    private OrderLogContext() {}

    /** The order's lines from here to {@link Scope#close()}. */
    public static Scope order(String orderId) {
        return new Scope().put(ORDER_ID, orderId, ORDER_ID_SHAPE);
    }

    /** One event of one order from here to {@link Scope#close()}. */
    public static Scope event(String orderId, String eventId, String eventType) {
        return order(orderId).put(EVENT_ID, eventId, EVENT_ID_SHAPE).put(EVENT_TYPE, eventType, EVENT_ID_SHAPE);
    }

    /**
     * Puts the orderId (if it has the contract's shape) until {@link #clear()}: for a unit of work whose owner clears the
     * keys in a {@code finally} (an HTTP request filter), where the orderId becomes known midway.
     */
    public static void putUntilCleared(String orderId) {
        if (isOrderId(orderId)) {
            MDC.put(ORDER_ID, orderId);
        }
    }

    /** Removes every key this class puts. */
    public static void clear() {
        MDC.remove(ORDER_ID);
        MDC.remove(EVENT_ID);
        MDC.remove(EVENT_TYPE);
    }

    /** Whether {@code orderId} has the contract's shape (and so may go into a log line). */
    public static boolean isOrderId(String orderId) {
        return ORDER_ID_SHAPE.test(orderId);
    }

    /** Restores the MDC keys it set to what they held before. */
    public static final class Scope implements AutoCloseable {

        private final List<String> keys = new ArrayList<>(3);
        private final List<String> previous = new ArrayList<>(3);

        private Scope() {}

        private Scope put(String key, String value, Predicate<String> shape) {
            if (shape.test(value)) {
                keys.add(key);
                previous.add(MDC.get(key));
                MDC.put(key, value);
            }
            return this;
        }

        @Override
        public void close() {
            for (int i = keys.size() - 1; i >= 0; i--) {
                if (previous.get(i) == null) {
                    MDC.remove(keys.get(i));
                } else {
                    MDC.put(keys.get(i), previous.get(i));
                }
            }
        }
    }

    /**
     * ASCII letters and digits plus {@code others}, {@code min} to {@code max} of them. A loop, not a regular expression:
     * it runs for every event the worker applies, and the regex engine showed in its profile.
     */
    private record Shape(String others, int min, int max) {

        boolean matches(String value) {
            if (value == null || value.length() < min || value.length() > max) {
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean allowed = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || others.indexOf(c) >= 0;
                if (!allowed) {
                    return false;
                }
            }
            return true;
        }
    }
}
