package dev.payments.worker.order;

/**
 * Why an event changed nothing. Recorded in the order's timeline; {@link #LATE_EVENT}, {@link #UNAUTHENTICATED_EVENT}
 * and {@link #EVENT_ID_REUSED} are also counted on metrics of their own, and the rejections named after a
 * {@link MoneyAnomaly} come with its report.
 */
public enum Rejection {
    /** The CSRF token is missing or its SHA-256 differs from the tokenHash recorded at issue. */
    TOKEN_MISMATCH,
    /** The paymentKey differs from the one already recorded for the order. */
    PAYMENT_KEY_MISMATCH,
    /** The order was never issued within the park TTL. */
    UNKNOWN_ORDER,
    /** A second issuance with a different amount, currency, orderName or tokenHash. */
    CONFLICTING_REISSUE,
    /** The event contradicts the order's terminal state, harmlessly (no money moved for it): a race, counted. */
    LATE_EVENT,
    /** The PG approved the payment of an order that ended FAIL or CANCEL: {@link MoneyAnomaly#APPROVED_AFTER_END}. */
    APPROVED_AFTER_END,
    /** The PG approved a COMPLETE order's payment for another amount: {@link MoneyAnomaly#PG_AMOUNT_MISMATCH}. */
    PG_AMOUNT_MISMATCH,
    /** The PG reports a COMPLETE order's payment cancelled: {@link MoneyAnomaly#CANCELED_AT_PG}. */
    CANCELED_AT_PG,
    /** The PG reports a COMPLETE order's deposit reversed: {@link MoneyAnomaly#DEPOSIT_REVERSED}. */
    DEPOSIT_REVERSED,
    /** The event does not apply to the order's current (non-terminal) state, e.g. a confirmation before success. */
    INVALID_TRANSITION,
    /** An expiry request for an order whose expiresAt has not passed. */
    NOT_EXPIRED,
    /** An unsigned webhook: a hint only. The worker reads the payment from the PG and acts on what the PG says. */
    UNVERIFIED,
    /** The PG's status for the payment decides nothing for the order (READY, IN_PROGRESS, ...). */
    NOT_FINAL,
    /** An event type the worker does not accept on its input topic. */
    UNSUPPORTED_EVENT,
    /**
     * The PG's word or the worker's own decision (a confirmation, an expiry, a verified PG status) without a valid
     * worker proof: written by someone else. Counted, logged at ERROR; the event claims nothing, not even its id.
     */
    UNAUTHENTICATED_EVENT,
    /** A refund of an order that is not COMPLETE: recorded FAILED with this code. */
    NOT_REFUNDABLE,
    /** A refund beyond the order's refundable balance (or of nothing, none being left): recorded FAILED. */
    REFUND_EXCEEDS_BALANCE,
    /**
     * A refund of a virtual-account order without a (well-formed) refundReceiveAccount: the PG pays such a refund into
     * the buyer's own account, so it is refused before any PG call. Recorded FAILED with this code.
     */
    REFUND_ACCOUNT_REQUIRED,
    /**
     * A webhook's hint for an order whose virtual account has a secret, without that secret (missing, or another):
     * not the PG's, so not even a reason to ask the PG. Counted, logged at WARN (never the secret).
     */
    DEPOSIT_SECRET_MISMATCH,
    /** A refund request under a recorded refundId with another amount or reason. The recorded refund stands. */
    CONFLICTING_REFUND,
    /** The PG's answer to a refund the order does not have. */
    UNKNOWN_REFUND,
    /** An event id already claimed by an applied event with other content. Counted; decided before the state machine. */
    EVENT_ID_REUSED
}
