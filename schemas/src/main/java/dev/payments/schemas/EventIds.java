package dev.payments.schemas;

/**
 * Every deterministic CloudEvents {@code id} of the contract, built in one place. A deterministic id makes a record
 * published again (after a crash, a retry, a redelivery) the same event to its reader: the worker's event-id log, a
 * shop's consumer of {@link Topics#COMPLETIONS}.
 */
public final class EventIds {

    private EventIds() {}

    /** {@code payment.order.completed}: the order's one completion, {@code <orderId>:completion}. */
    public static String completion(String orderId) {
        return orderId + ":completion";
    }

    /**
     * {@code payment.order.anomaly}: one record per order and anomaly reason, {@code <orderId>:anomaly:<reason>}, the
     * same however often the PG reports it.
     */
    public static String anomaly(String orderId, String reason) {
        return orderId + ":anomaly:" + reason;
    }

    /** {@code payment.pg.confirmation}: the PG's definitive answer to the order's one confirm job. */
    public static String confirmation(String orderId) {
        return orderId + ":confirmation";
    }

    /** {@code payment.order.expire}: the request to end an open order past its {@code expiresAt}. */
    public static String expire(String orderId) {
        return orderId + ":expire";
    }

    /**
     * {@code payment.pg.status} read by the worker from the PG API: each look-up is a new observation, so each has an
     * id of its own; {@code lookup} tells the look-ups of one order apart.
     */
    public static String status(String orderId, String lookup) {
        return orderId + ":status:" + lookup;
    }

    /** The prefix of every {@link #status} id of an order. */
    public static String statusPrefix(String orderId) {
        return orderId + ":status:";
    }

    /**
     * {@code payment.refund.requested}: {@code refund:<orderId>:<refundId>}, the same for every retry of one refund, so
     * a shop producer and the edge name one refund alike.
     */
    public static String refundRequested(String orderId, String refundId) {
        return "refund:" + orderId + ":" + refundId;
    }

    /** {@code payment.pg.refund}: the PG's definitive answer to the one cancel of a refund. */
    public static String pgRefund(String orderId, String refundId) {
        return orderId + ":pg-refund:" + refundId;
    }

    /** {@code payment.refund.completed}: one distinct record per refund, {@code <orderId>:refund:<refundId>}. */
    public static String refundCompleted(String orderId, String refundId) {
        return orderId + ":refund:" + refundId;
    }

    /**
     * {@code payment.order.awaiting-deposit}: one distinct record per order, {@code <orderId>:awaiting-deposit}, when
     * its virtual account is issued.
     */
    public static String awaitingDeposit(String orderId) {
        return orderId + ":awaiting-deposit";
    }

    /**
     * {@code payment.order.expire} of an order awaiting a deposit past its due date: {@code <orderId>:deposit-expire},
     * apart from the open order's {@link #expire}, which it never follows.
     */
    public static String depositExpire(String orderId) {
        return orderId + ":deposit-expire";
    }
}
