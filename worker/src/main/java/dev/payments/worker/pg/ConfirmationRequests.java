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
}
