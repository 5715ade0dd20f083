package dev.payments.faults.load;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The oracle for one order: what the load generator sent and what it expects. Filled in while the order is driven;
 * read by the checker once the load has ended.
 */
public final class PlannedOrder {

    /** A forged worker-internal event the load wrote for the order: its CloudEvents id and type, and its record. */
    public record ForgedEvent(String id, String type, int partition, long offset) {}

    private final String orderId;
    private final OrderKind kind;
    private final long amount;
    private volatile String paymentKey;
    private volatile Instant finishedSendingAt;
    private volatile String failure;
    private final List<ForgedEvent> forgedEvents = new CopyOnWriteArrayList<>();

    PlannedOrder(String orderId, OrderKind kind, long amount) {
        this.orderId = orderId;
        this.kind = kind;
        this.amount = amount;
    }

    public String orderId() {
        return orderId;
    }

    public OrderKind kind() {
        return kind;
    }

    public long amount() {
        return amount;
    }

    /** The paymentKey of the buyer's real payment at the PG (null before the window, or when there is none). */
    public String paymentKey() {
        return paymentKey;
    }

    /** When the generator made its last call for this order; null if it never finished. */
    public Instant finishedSendingAt() {
        return finishedSendingAt;
    }

    /** Why the generator could not drive the order to its end (the system refused it for too long); null if it did. */
    public String failure() {
        return failure;
    }

    /** The forged events written for the order ({@link OrderKind#FORGED_EVENTS}), in the order they were written. */
    public List<ForgedEvent> forgedEvents() {
        return List.copyOf(forgedEvents);
    }

    void paymentKey(String key) {
        paymentKey = key;
    }

    void finished(Instant at) {
        finishedSendingAt = at;
    }

    void forged(ForgedEvent event) {
        forgedEvents.add(event);
    }

    void failed(String why) {
        failure = why;
    }
}
