package dev.payments.worker.reconcile.ledger;

/** How a PG transaction, or one of our records, compares with the other side (the class of a reconciliation item). */
enum Drift {
    /** Both sides agree. */
    MATCHED,
    /** Both sides know the movement, for different amounts. */
    AMOUNT_MISMATCH,
    /** At the PG, unknown to us: an approval for an order we never completed, a cancel we never asked for. */
    MISSING_HERE,
    /** Ours, not listed by the PG: an order COMPLETE or a refund SUCCEEDED without its transaction at the PG. */
    MISSING_AT_PG,
    /** We say FAIL or CANCEL, the PG says approved (and the money is not given back). */
    STATUS_MISMATCH
}
