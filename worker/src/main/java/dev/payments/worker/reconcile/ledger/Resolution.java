package dev.payments.worker.reconcile.ledger;

/** What became of a reconciliation item. */
enum Resolution {
    /** Matched: nothing to do. */
    NONE,
    /**
     * A PG look-up of the order's payment was requested (by this run, or one is under way, or an answer in flight will
     * settle it): its verified answer goes through the order's partition like any other PG word.
     */
    HEALING,
    /** Our records already hold the PG's word (the order followed a cancel made at the PG). */
    HEALED,
    /** Only an operator can settle it: an ERROR line each, and an open item until a later run no longer finds it. */
    REPORTED
}
