package dev.payments.worker.order;

/** The states of docs/contract.md §2. FAIL, CANCEL and COMPLETE are terminal. */
public enum OrderStatus {
    PREPAY,
    IN_PROGRESS,
    SUCCESS,
    /** A virtual account (가상계좌) was issued; the buyer's transfer, or its deadline, decides the order. */
    AWAITING_DEPOSIT,
    FAIL,
    CANCEL,
    COMPLETE;

    public boolean isTerminal() {
        return this == FAIL || this == CANCEL || this == COMPLETE;
    }

    /** The buyer has not paid yet: a PG result or an expiry may still decide the order. */
    public boolean isOpen() {
        return this == PREPAY || this == IN_PROGRESS;
    }
}
