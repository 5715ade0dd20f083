package dev.payments.faults.load;

/**
 * What the load generator does with an order, and what the system must make of it. The weights are the mix for
 * orders through the edge; {@link #SHOP} orders are written straight to Kafka by a shop's producer, on top.
 */
public enum OrderKind {
    /** Issue, checkout, pay in the PG window, the browser comes back once. */
    PAY(68, "COMPLETE"),
    /** The card is declined in the window: fail redirect. */
    DECLINE(10, "FAIL"),
    /** The buyer cancels in the window: fail redirect with PAY_PROCESS_CANCELED. */
    CANCEL(10, "CANCEL"),
    /**
     * Paid, with every callback delivered three times: the redirect, and the PG's DONE webhook (unsigned, as Toss sends
     * it) as three transmissions.
     */
    DUPLICATE(5, "COMPLETE"),
    /** Someone sends a success redirect with a forged token first; then the buyer's real redirect. */
    FORGED(3, "COMPLETE"),
    /** The success redirect comes back with a tampered amount (valid token): it must fail, never be confirmed. */
    TAMPERED(2, "FAIL"),
    /**
     * Issued and checked out through the edge; then a shop's producer writes forged worker-internal events for the
     * order (the PG's DONE as a worker's look-up, approved confirmations, an expiry) without a worker's proof or with
     * a made-up one, before the buyer pays for real. Every forged event must be refused; the order completes with one
     * approval.
     */
    FORGED_EVENTS(2, "COMPLETE"),
    /** A shop's own producer writes issued, checkout and the PG's success straight to Kafka. */
    SHOP(0, "COMPLETE");

    private final int weight;
    private final String expectedStatus;

    OrderKind(int weight, String expectedStatus) {
        this.weight = weight;
        this.expectedStatus = expectedStatus;
    }

    public int weight() {
        return weight;
    }

    /** The order's final status in the database, the completion record and (as DONE or not) at the PG. */
    public String expectedStatus() {
        return expectedStatus;
    }

    /** Whether the PG must have approved exactly one payment for the order (otherwise none). */
    public boolean approved() {
        return expectedStatus.equals("COMPLETE");
    }
}
