package dev.payments.worker.order.persistence;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The look-ups a poll batch makes before it applies its records, each one statement with the batch's ids as one array
 * parameter ({@code = ANY(?)}): the same prepared statement whatever the batch's size, where an {@code IN} list would
 * be a new statement (and a new plan) for every size. They run on the caller's transaction's connection.
 */
@Repository
public class EventLookups {

    /**
     * @param eventIds the batch's event ids that are parked, waiting for their order, each with the parked event's
     *     fingerprint (null for a row parked before fingerprints were kept)
     * @param orderIds the batch's orders that have parked events
     */
    public record Parked(Map<String, String> eventIds, Set<String> orderIds) {}

    private final JdbcClient jdbc;

    EventLookups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Which of {@code eventIds} applied events claimed, each with its fingerprint (null for a claim made before
     * fingerprints were kept).
     */
    public Map<String, String> claimed(Collection<String> eventIds) {
        Map<String, String> claimed = new HashMap<>();
        if (eventIds.isEmpty()) {
            return claimed;
        }
        jdbc.sql("SELECT event_id, fingerprint FROM processed_events WHERE event_id = ANY(:ids::text[])")
                .param("ids", eventIds.toArray(String[]::new))
                .query(rs -> {
                    claimed.put(rs.getString("event_id"), rs.getString("fingerprint"));
                });
        return claimed;
    }

    /** Which of {@code eventIds} are parked, and which of {@code orderIds} have parked events: one round trip. */
    public Parked parked(Collection<String> eventIds, Collection<String> orderIds) {
        Set<String> wanted = new HashSet<>(eventIds);
        Set<String> orders = new HashSet<>(orderIds);
        Parked parked = new Parked(new HashMap<>(), new HashSet<>());
        if (wanted.isEmpty() && orders.isEmpty()) {
            return parked;
        }
        jdbc.sql("""
                        SELECT event_id, order_id, fingerprint FROM parked_events
                         WHERE event_id = ANY(:eventIds::text[]) OR order_id = ANY(:orderIds::text[])""")
                .param("eventIds", wanted.toArray(String[]::new))
                .param("orderIds", orders.toArray(String[]::new))
                .query((rs, row) -> {
                    String eventId = rs.getString("event_id");
                    String orderId = rs.getString("order_id");
                    if (wanted.contains(eventId)) {
                        parked.eventIds().put(eventId, rs.getString("fingerprint"));
                    }
                    if (orders.contains(orderId)) {
                        parked.orderIds().add(orderId);
                    }
                    return eventId;
                })
                .list();
        return parked;
    }
}
