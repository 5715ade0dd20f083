package dev.payments.worker.order;

/**
 * The PG moved money in a way the order does not account for (docs/contract.md §2). Each is counted on its own metric,
 * logged at ERROR and named as its event's reason in the order's timeline: none happens in a normal run. The order's
 * state follows the contract (an open order fails, an ended one stays as it is); the anomaly never completes an order.
 * Money the PG holds for an order that did not keep it (APPROVED_AFTER_END, PG_AMOUNT_MISMATCH of an open order) is
 * given back: the worker refunds the whole payment itself.
 */
public enum MoneyAnomaly {
    /** The PG approved the payment (a verified DONE) for another amount than the order's, or named none. */
    PG_AMOUNT_MISMATCH(false),
    /** The PG approved the payment (a verified DONE, or an approved confirmation) of an order that ended FAIL or CANCEL. */
    APPROVED_AFTER_END(false),
    /** The PG reports a COMPLETE order's payment CANCELED or PARTIAL_CANCELED: no refund of ours did that. */
    CANCELED_AT_PG(true),
    /** The PG reports a COMPLETE order's payment back in WAITING_FOR_DEPOSIT: its deposit was reversed. */
    DEPOSIT_REVERSED(true),
    /**
     * The PG refused to give back a payment the worker was giving back (APPROVED_AFTER_END, PG_AMOUNT_MISMATCH): the
     * money is still at the PG for an order that did not keep it.
     */
    GIVE_BACK_FAILED(false);

    private final boolean tellsTheShop;

    MoneyAnomaly(boolean tellsTheShop) {
        this.tellsTheShop = tellsTheShop;
    }

    /**
     * Whether the shop gets a {@code payment.order.anomaly} record: the order stays COMPLETE, so the shop may have
     * fulfilled it, and should hold what it has not shipped yet.
     */
    public boolean tellsTheShop() {
        return tellsTheShop;
    }
}
