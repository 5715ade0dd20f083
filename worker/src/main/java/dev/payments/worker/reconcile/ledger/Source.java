package dev.payments.worker.reconcile.ledger;

/** Which side, and which kind of record, a reconciliation item comes from. */
enum Source {
    /** A PG row of an approval (DONE: a confirm, an approval behind our back, a virtual account's deposit). */
    PG_APPROVAL,
    /** A PG row of a cancel (CANCELED or PARTIAL_CANCELED). */
    PG_CANCEL,
    /** A PG row of a virtual account's issuance (WAITING_FOR_DEPOSIT): no money moved. */
    PG_ISSUANCE,
    /** A PG row of a status this version does not reconcile. */
    PG_OTHER,
    /** One of our orders (COMPLETE). */
    OUR_ORDER,
    /** One of our refunds (SUCCEEDED). */
    OUR_REFUND
}
