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

    /** Who carried a refund request to the worker. */
    public enum Channel {
        /** {@code POST /api/v1/orders/{orderId}/refunds} with the merchant key. */
        EDGE,
        /** The shop's own producer: {@code payment.refund.requested} straight to {@code payments.order-events}. */
        KAFKA
    }

    /**
     * A refund the shop asked for.
     *
     * @param amount the amount asked for; null: the whole refundable balance
     * @param sent how many times the same request (refundId and body) was sent
     * @param refusedEarly the edge refused it with a 409 and this code (it wrote nothing); null when it was accepted or
     *     sent through Kafka
     */
    public record PlannedRefund(
            String refundId, Long amount, String reason, Channel channel, int sent, String refusedEarly) {}

    /**
     * A cancel an operator made in the PG's console ({@link OrderKind#CONSOLE_CANCEL}).
     *
     * @param amount what it gave back
     * @param transactionKey its {@code cancels[].transactionKey} at the PG
     */
    public record ConsoleCancel(long amount, String transactionKey) {}

    private final String orderId;
    private final OrderKind kind;
    private final long amount;
    private volatile String paymentKey;
    private volatile Instant finishedSendingAt;
    private volatile String failure;
    private final List<ForgedEvent> forgedEvents = new CopyOnWriteArrayList<>();
    private final List<PlannedRefund> refunds = new CopyOnWriteArrayList<>();
    private volatile boolean approvedBehindBack;
    private volatile String cancelFault;
    private volatile Boolean depositTaken;
    private volatile boolean depositReversed;
    private volatile boolean drifted;
    private volatile ConsoleCancel consoleCancel;

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

    /**
     * When the generator made the order's last call up to its end (the refunds and the approval behind our back come
     * later); null if it never finished.
     */
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

    /** The refunds the shop asked for, in the order they were sent. */
    public List<PlannedRefund> refunds() {
        return List.copyOf(refunds);
    }

    /** Whether the PG approved the order's payment behind our back after the order ended ({@link OrderKind#APPROVED_AFTER_CANCEL}). */
    public boolean approvedBehindBack() {
        return approvedBehindBack;
    }

    /**
     * Whether the PG took the buyer's transfer into the order's virtual account (its ledger counts a deposit); null
     * when the buyer made none.
     */
    public Boolean depositTaken() {
        return depositTaken;
    }

    /** Whether the bank reversed the order's deposit after the order completed ({@link OrderKind#VA_REVERSED}). */
    public boolean depositReversed() {
        return depositReversed;
    }

    /**
     * Whether the order's drift ({@link OrderKind#drift()}) was made at the PG: the approval behind our back, the
     * console's cancel, the deposit taken, each with its webhooks dropped.
     */
    public boolean drifted() {
        return drifted;
    }

    /** The cancel made in the PG's console ({@link OrderKind#CONSOLE_CANCEL}); null when there was none. */
    public ConsoleCancel consoleCancel() {
        return consoleCancel;
    }

    /** What the PG's console cancel gave back: 0 when there was none. */
    public long consoleCanceledAmount() {
        ConsoleCancel cancel = consoleCancel;
        return cancel == null ? 0 : cancel.amount();
    }

    /** The cancel behaviour the PG was given for the order's payment (null: none), for the examples of a broken run. */
    public String cancelFault() {
        return cancelFault;
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

    void refund(PlannedRefund refund) {
        refunds.add(refund);
    }

    void approvedBehindBack(boolean approved) {
        approvedBehindBack = approved;
    }

    void cancelFault(String fault) {
        cancelFault = fault;
    }

    void depositTaken(boolean taken) {
        depositTaken = taken;
    }

    void depositReversed(boolean reversed) {
        depositReversed = reversed;
    }

    void drifted(boolean made) {
        drifted = made;
    }

    void consoleCancel(ConsoleCancel cancel) {
        consoleCancel = cancel;
    }

    void failed(String why) {
        failure = why;
    }
}
