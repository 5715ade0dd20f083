package dev.payments.faults.load;

/**
 * What the load generator does with an order, and what the system must make of it. The weights are the mix of orders
 * through the edge, in hundredths; {@link #SHOP} orders are written straight to Kafka by a shop's producer, on top. The
 * refund kinds ask for their refunds once the order's end is seen, half of them through the edge and half from the
 * shop's producer. The drift kinds ({@link #drift()}) move money at the PG that the worker is never told of (every
 * webhook of the payment dropped): only the reconciliation with the PG's transactions finds it. The virtual-account
 * kinds ({@link #virtualAccount()}) pay by 가상계좌: the confirm issues an account, and what the buyer (or the bank)
 * does with it once the order awaits its deposit decides the end.
 */
public enum OrderKind {
    /** Issue, checkout, pay in the PG window, the browser comes back once. */
    PAY(51, "COMPLETE"),
    /** The card is declined in the window: fail redirect. */
    DECLINE(9, "FAIL"),
    /** The buyer cancels in the window: fail redirect with PAY_PROCESS_CANCELED. */
    CANCEL(9, "CANCEL"),
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
    /** Paid, then a part of it refunded: one refund SUCCEEDED, the PG's balance the rest. */
    REFUND_PART(2, "COMPLETE"),
    /** Paid, then refunded in two: a part, then the rest (a refund naming no amount): the PG's balance 0. */
    REFUND_IN_TWO(1, "COMPLETE"),
    /** Paid, then the whole of it refunded with the same refund (refundId and body) sent twice: one refund, one cancel. */
    REFUND_TWICE(1, "COMPLETE"),
    /**
     * Paid, then two refunds of 60 % of the amount each sent at once: they must never both succeed; one SUCCEEDED, the
     * other refused REFUND_EXCEEDS_BALANCE (by the worker, or early by the edge).
     */
    REFUND_CONCURRENT(1, "COMPLETE"),
    /** Declined, then a refund asked for: refused NOT_REFUNDABLE (by the worker, or early by the edge), no cancel. */
    REFUND_OF_FAILED(1, "FAIL"),
    /**
     * The buyer cancels in the window; once the order has ended, the PG approves its payment behind our back. The
     * worker must give the whole payment back (a refund of its own, {@code giveback-…}, APPROVED_AFTER_END).
     */
    APPROVED_AFTER_CANCEL(1, "CANCEL"),
    /**
     * Drift: a shop's producer issues the order with an expiry a few seconds away, the buyer opens the PG window and
     * leaves it, and the order expires (CANCEL, EXPIRED). Then the PG approves the payment behind our back with every
     * webhook of it dropped: nothing tells the worker but the reconciliation, which must find it (STATUS_MISMATCH) and
     * heal it: the whole payment given back once, the order still CANCEL.
     */
    APPROVED_AFTER_EXPIRY(1, "CANCEL"),
    /**
     * Drift: paid with every webhook of the payment dropped; once the order is COMPLETE, an operator cancels a part of
     * the payment or the whole of it in the PG's console. The reconciliation must find the cancel (MISSING_HERE) and
     * heal it: the order's refundedAmount follows the PG and the shop is told (a CANCELED_AT_PG record).
     */
    CONSOLE_CANCEL(1, "COMPLETE"),
    /** Paid by virtual account: once the order awaits its deposit, the buyer transfers the amount once. */
    VA_DEPOSIT(5, "COMPLETE"),
    /**
     * Drift: paid by virtual account with every webhook of the payment dropped, so that the deposit is announced to
     * nobody: the order awaits its deposit until the reconciliation finds the approval (MISSING_HERE) and heals it
     * (COMPLETE, one completion).
     */
    VA_DEPOSIT_UNANNOUNCED(1, "COMPLETE"),
    /**
     * Deposited, and the PG announces the deposit twice: two DEPOSIT_CALLBACKs and two PAYMENT_STATUS_CHANGED, as Toss
     * may deliver a change. One completion all the same.
     */
    VA_DEPOSIT_TWICE(1, "COMPLETE"),
    /**
     * The account is issued valid for a few seconds and the buyer never transfers: the worker's sweep finds the
     * deadline passed, its deposit-cancel job cancels the payment at the PG, and the order ends CANCEL,
     * DEPOSIT_EXPIRED.
     */
    VA_EXPIRE(1, "CANCEL"),
    /**
     * The account is issued valid for a few seconds and the buyer transfers at its deadline, a little before or after
     * it: the PG takes the money or bounces it. Either way one outcome, the PG's: COMPLETE if it took the money (or the
     * money given back), else CANCEL, DEPOSIT_EXPIRED. No fixed expectation: the checker judges it by the PG's ledger.
     */
    VA_RACE(1, null),
    /**
     * Deposited; once the order is COMPLETE the bank reverses the deposit (the payment waits for a deposit again). The
     * order stays COMPLETE and the reversal is surfaced: one {@code payment.order.anomaly} DEPOSIT_REVERSED.
     */
    VA_REVERSED(1, "COMPLETE"),
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

    /**
     * The order's final status in the database, the completion record and (as DONE or not) at the PG; null for {@link
     * #VA_RACE}, whose end the PG's ledger decides.
     */
    public String expectedStatus() {
        return expectedStatus;
    }

    /**
     * The item an order of a drift kind leaves in the reconciliation of its window: its class and source, as the worker
     * classifies the PG's row the drift wrote; null for the other kinds, which must leave none.
     */
    public Drift drift() {
        return switch (this) {
            case APPROVED_AFTER_EXPIRY -> new Drift("STATUS_MISMATCH", "PG_APPROVAL", false);
            case CONSOLE_CANCEL -> new Drift("MISSING_HERE", "PG_CANCEL", true);
            case VA_DEPOSIT_UNANNOUNCED -> new Drift("MISSING_HERE", "PG_APPROVAL", false);
            default -> null;
        };
    }

    /**
     * What the reconciliation must make of an injected drift: the first run of the window lists it with this class and
     * source, HEALING (a look-up of the payment requested); once healed, a second run of the window matches the PG's row
     * ({@code listedOnceHealed} false), or lists it again HEALED (a cancel made at the PG, which no refund of ours
     * accounts for).
     */
    public record Drift(String itemClass, String source, boolean listedOnceHealed) {}

    /** Whether the buyer pays by virtual account (가상계좌). */
    public boolean virtualAccount() {
        return switch (this) {
            case VA_DEPOSIT, VA_DEPOSIT_TWICE, VA_DEPOSIT_UNANNOUNCED, VA_EXPIRE, VA_RACE, VA_REVERSED -> true;
            default -> false;
        };
    }

    /**
     * How long the virtual account stays open after the confirm: a few seconds where the deadline is what the order is
     * about; null for the PG's default (a week), which no run reaches.
     */
    public Integer accountValidForSeconds() {
        return switch (this) {
            case VA_EXPIRE -> 3;
            // long enough for the buyer to see the account before its deadline in a run without faults
            case VA_RACE -> 6;
            default -> null;
        };
    }

    /** Whether the order ends at its virtual account's deadline, whenever the load's last call for it was made. */
    public boolean endsAtDeadline() {
        return this == VA_EXPIRE || this == VA_RACE;
    }

    /**
     * The kind an order of this kind becomes when the load's refund and drift orders are capped: the same order, or
     * one like it, without what follows its end (a refund kind's paid or declined order, a cancelled order the PG does
     * not approve, a paid order nobody cancels in the console, a deposit announced as usual).
     */
    public OrderKind withoutRefunds() {
        return switch (this) {
            case REFUND_PART, REFUND_IN_TWO, REFUND_TWICE, REFUND_CONCURRENT, CONSOLE_CANCEL -> PAY;
            case REFUND_OF_FAILED -> DECLINE;
            case APPROVED_AFTER_CANCEL, APPROVED_AFTER_EXPIRY -> CANCEL;
            case VA_DEPOSIT_UNANNOUNCED -> VA_DEPOSIT;
            default -> this;
        };
    }

    /** Whether the shop asks for refunds of the order once it has ended. */
    public boolean refunds() {
        return switch (this) {
            case REFUND_PART, REFUND_IN_TWO, REFUND_TWICE, REFUND_CONCURRENT, REFUND_OF_FAILED -> true;
            default -> false;
        };
    }
}
