package dev.payments.worker.reconcile.ledger;

/** What started a reconciliation run. */
enum RunKind {
    /** The scheduled run over the recent window, every {@code interval}. */
    ROLLING,
    /** The scheduled run over the whole previous day. */
    DAILY,
    /** An operator's run over a window of their choice, through the endpoint. */
    MANUAL
}
