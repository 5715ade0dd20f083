package dev.payments.worker.pg;

/**
 * Asks for a PG confirm of an order that just moved to {@code SUCCESS}. Call it inside the transaction that makes that
 * move: the request commits or rolls back with it, and the confirm itself runs later, off the consumer path. The PG's
 * definitive answer comes back as a {@code payment.pg.confirmation} event on the order-events topic.
 */
public interface ConfirmationRequests {

    /**
     * Records a confirm job for the order, at most one per order ever: a second call for the same orderId changes
     * nothing. The dispatcher is woken once the caller's transaction commits.
     */
    void enqueue(String orderId, String paymentKey, long amount);

    /**
     * The order ended some other way (the PG's own status, an expiry): a confirm job still pending for it is no longer
     * wanted, so it stops being retried. A confirm already in flight finishes; its answer is then refused or ignored by
     * the state machine, and an approval after the end shows up as a late event.
     */
    void withdraw(String orderId);
}
