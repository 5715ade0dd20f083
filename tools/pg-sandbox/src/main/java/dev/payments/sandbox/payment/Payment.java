package dev.payments.sandbox.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Toss payment (a payment window session and what became of it). It owns its state machine: every transition is a
 * guarded method that refuses, naming the current status, when it does not apply. Not thread-safe by itself: callers
 * hold {@link #lock()} (one lock per payment, never a global one) around reads and transitions.
 */
public final class Payment {

    /** Toss's payment statuses (only a virtual account passes through WAITING_FOR_DEPOSIT). */
    public enum Status {
        READY,
        IN_PROGRESS,
        WAITING_FOR_DEPOSIT,
        DONE,
        CANCELED,
        PARTIAL_CANCELED,
        ABORTED,
        EXPIRED;

        boolean approved() {
            return this == DONE || this == CANCELED || this == PARTIAL_CANCELED;
        }
    }

    /** A failure as Toss reports it in {@code failure{code,message}}. */
    public record Failure(String code, String message) {}

    /** One entry of {@code cancels[]}. */
    public record Cancel(
            String transactionKey,
            String receiptKey,
            String cancelReason,
            long cancelAmount,
            long refundableAmount,
            Instant canceledAt) {}

    /** A status change that Toss announces with a PAYMENT_STATUS_CHANGED webhook. */
    public record StatusChanged(Status from, Status to) {}

    /**
     * The account issued for a virtual-account payment. The number is masked in {@link #toString()}: it must never
     * reach a log.
     */
    public record VirtualAccount(String bankCode, String accountNumber, String customerName, Instant dueDate) {

        public VirtualAccount {
            Objects.requireNonNull(bankCode);
            Objects.requireNonNull(accountNumber);
            Objects.requireNonNull(dueDate);
        }

        @Override
        public String toString() {
            return "VirtualAccount[bankCode=" + bankCode + ", accountNumber=***, dueDate=" + dueDate + "]";
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final String paymentKey;
    private final String orderId;
    private final String orderName;
    private final long totalAmount;
    private final Instant requestedAt;
    private final String customerName;
    private final String customerEmail;
    private final String successUrl;
    private final String failUrl;
    private final String secret;
    private final ConfirmBehaviour behaviour;

    private volatile Status status = Status.READY;
    private Method requestedMethod;
    // volatile: the console's listing reads them without the lock
    private volatile Method method;
    private Duration accountValidFor;
    private volatile VirtualAccount virtualAccount;
    private String depositorName;
    private Instant authenticatedAt;
    private Instant approvedAt;
    private long balanceAmount;
    private String lastTransactionKey;
    private Instant lastCanceledAt;
    private final List<Cancel> cancels = new ArrayList<>();
    private Failure failure;
    private final Countdown failures = new Countdown();
    private final Countdown holds = new Countdown();
    private ConfirmBehaviour cancelBehaviour = new ConfirmBehaviour.Approve();
    private final Countdown cancelFailures = new Countdown();
    private final Countdown cancelHolds = new Countdown();

    /** How many more requests a FAIL_TIMES or NEVER_ANSWER behaviour affects. */
    private static final class Countdown {
        private int left;

        void set(ConfirmBehaviour behaviour, boolean holds) {
            left = holds
                    ? (behaviour instanceof ConfirmBehaviour.NeverAnswer n ? n.times() : 0)
                    : (behaviour instanceof ConfirmBehaviour.FailTimes f ? f.times() : 0);
        }

        boolean take() {
            if (left > 0) {
                left--;
                return true;
            }
            return false;
        }
    }

    public Payment(
            String paymentKey,
            String orderId,
            String orderName,
            long totalAmount,
            Instant requestedAt,
            String customerName,
            String customerEmail,
            String successUrl,
            String failUrl,
            String secret,
            ConfirmBehaviour behaviour) {
        this.paymentKey = Objects.requireNonNull(paymentKey);
        this.orderId = Objects.requireNonNull(orderId);
        this.orderName = Objects.requireNonNull(orderName);
        if (totalAmount < 1) {
            throw new IllegalArgumentException("amount must be positive");
        }
        this.totalAmount = totalAmount;
        this.balanceAmount = totalAmount;
        this.requestedAt = Objects.requireNonNull(requestedAt);
        this.customerName = customerName;
        this.customerEmail = customerEmail;
        this.successUrl = successUrl;
        this.failUrl = failUrl;
        this.secret = secret;
        this.behaviour = behaviour == null ? new ConfirmBehaviour.Approve() : behaviour;
        this.failures.set(this.behaviour, false);
        this.holds.set(this.behaviour, true);
    }

    public ReentrantLock lock() {
        return lock;
    }

    // ---- transitions ------------------------------------------------------------------------------------------------

    /** The buyer authenticated in the payment window with the method it asked for (else a card). */
    void authenticate(Instant now) {
        authenticate(now, requestedMethod == null ? Method.CARD : requestedMethod);
    }

    /**
     * The buyer authenticated in the payment window with {@code paidWith}: READY → IN_PROGRESS. Again on IN_PROGRESS
     * (the window paid once more): only the method can change.
     */
    void authenticate(Instant now, Method paidWith) {
        Objects.requireNonNull(paidWith);
        if (status == Status.IN_PROGRESS) {
            method = paidWith;
            return;
        }
        require(Status.READY, "authenticate");
        status = Status.IN_PROGRESS;
        method = paidWith;
        authenticatedAt = now;
    }

    /** The card company declined in the payment window: READY → ABORTED (no webhook: the payment never ran). */
    void declineInWindow(Failure reason) {
        require(Status.READY, "decline");
        status = Status.ABORTED;
        failure = reason;
    }

    /** Confirm approved: IN_PROGRESS → DONE (every method but a virtual account, which is deposited). */
    StatusChanged approve(Instant now, String transactionKey) {
        require(Status.IN_PROGRESS, "approve");
        if (method == Method.VIRTUAL_ACCOUNT) {
            throw new IllegalStateException(
                    "cannot approve a virtual account in status " + status + "; it is deposited");
        }
        status = Status.DONE;
        approvedAt = now;
        lastTransactionKey = transactionKey;
        return new StatusChanged(Status.IN_PROGRESS, Status.DONE);
    }

    /** Confirm of a virtual-account payment: IN_PROGRESS → WAITING_FOR_DEPOSIT on {@code account}. */
    StatusChanged issue(VirtualAccount account, String transactionKey) {
        require(Status.IN_PROGRESS, "issue a virtual account for");
        if (method != Method.VIRTUAL_ACCOUNT) {
            throw new IllegalStateException(
                    "cannot issue a virtual account for a " + method + " payment in status " + status);
        }
        virtualAccount = Objects.requireNonNull(account);
        status = Status.WAITING_FOR_DEPOSIT;
        lastTransactionKey = transactionKey;
        return new StatusChanged(Status.IN_PROGRESS, Status.WAITING_FOR_DEPOSIT);
    }

    /** The buyer transferred the amount before the due date: WAITING_FOR_DEPOSIT → DONE. */
    StatusChanged deposit(Instant now, String transactionKey, String depositor) {
        require(Status.WAITING_FOR_DEPOSIT, "deposit into");
        if (!now.isBefore(virtualAccount.dueDate())) {
            throw new IllegalStateException(
                    "cannot deposit into a virtual account past its due date in status " + status);
        }
        status = Status.DONE;
        approvedAt = now;
        depositorName = depositor;
        lastTransactionKey = transactionKey;
        return new StatusChanged(Status.WAITING_FOR_DEPOSIT, Status.DONE);
    }

    /** The bank reversed the deposit (a deposit error): DONE → WAITING_FOR_DEPOSIT; the buyer must transfer again. */
    StatusChanged reverseDeposit(String transactionKey) {
        require(Status.DONE, "reverse the deposit of");
        if (virtualAccount == null) {
            throw new IllegalStateException(
                    "cannot reverse the deposit of a " + method + " payment in status " + status);
        }
        status = Status.WAITING_FOR_DEPOSIT;
        approvedAt = null;
        depositorName = null;
        lastTransactionKey = transactionKey;
        return new StatusChanged(Status.DONE, Status.WAITING_FOR_DEPOSIT);
    }

    /** Confirm refused by the card company: IN_PROGRESS → ABORTED. */
    StatusChanged abort(Failure reason) {
        require(Status.IN_PROGRESS, "abort");
        status = Status.ABORTED;
        failure = reason;
        return new StatusChanged(Status.IN_PROGRESS, Status.ABORTED);
    }

    /** The window or the confirm deadline passed: READY/IN_PROGRESS → EXPIRED; null when not due (or not open). */
    StatusChanged expireIfDue(Instant now, Duration readyWindow, Duration inProgressWindow) {
        Instant deadline =
                switch (status) {
                    case READY -> requestedAt.plus(readyWindow);
                    case IN_PROGRESS -> authenticatedAt.plus(inProgressWindow);
                    default -> null;
                };
        if (deadline == null || now.isBefore(deadline)) {
            return null;
        }
        Status from = status;
        status = Status.EXPIRED;
        failure = new Failure("EXPIRED_PAYMENT", TossErrors.message("EXPIRED_PAYMENT"));
        return new StatusChanged(from, Status.EXPIRED);
    }

    /**
     * Cancel {@code amount} (null: the whole balance): DONE/PARTIAL_CANCELED → CANCELED for a single full cancel, else
     * PARTIAL_CANCELED, which a payment refunded in parts keeps even at balance 0 (as Toss does). A virtual account
     * not yet deposited (WAITING_FOR_DEPOSIT) can only be cancelled whole: → CANCELED.
     */
    StatusChanged cancel(Long amount, String reason, Instant now, String transactionKey, String receiptKey) {
        if (status != Status.DONE && status != Status.PARTIAL_CANCELED && status != Status.WAITING_FOR_DEPOSIT) {
            throw new IllegalStateException("cannot cancel a payment in status " + status);
        }
        long cancelAmount = amount == null ? balanceAmount : amount;
        if (cancelAmount < 1 || cancelAmount > balanceAmount) {
            throw new IllegalArgumentException("cannot cancel " + cancelAmount + " of a balance of " + balanceAmount);
        }
        if (status == Status.WAITING_FOR_DEPOSIT && cancelAmount != balanceAmount) {
            throw new IllegalArgumentException("cannot cancel part of a virtual account awaiting its deposit");
        }
        Status from = status;
        balanceAmount -= cancelAmount;
        cancels.add(new Cancel(transactionKey, receiptKey, reason, cancelAmount, balanceAmount, now));
        lastTransactionKey = transactionKey;
        lastCanceledAt = now;
        status = from != Status.PARTIAL_CANCELED && balanceAmount == 0 ? Status.CANCELED : Status.PARTIAL_CANCELED;
        return new StatusChanged(from, status);
    }

    /** The method the shop asked for in requestPayment: the window preselects it. */
    void requestMethod(Method requested) {
        requestedMethod = requested;
    }

    /** How long the virtual account issued at confirm stays open, instead of the configured default (null: that). */
    void accountValidFor(Duration validFor) {
        if (virtualAccount != null) {
            throw new IllegalStateException("the virtual account was already issued; status " + status);
        }
        accountValidFor = validFor;
    }

    /** How the cancels of this payment are answered from now on (APPROVE processes them). */
    void cancelBehaviour(ConfirmBehaviour behaviour) {
        cancelBehaviour = Objects.requireNonNull(behaviour);
        cancelFailures.set(behaviour, false);
        cancelHolds.set(behaviour, true);
    }

    public ConfirmBehaviour cancelBehaviour() {
        return cancelBehaviour;
    }

    /** Takes one of the cancel FAIL_TIMES failures, if any are left. */
    boolean takeCancelFailure() {
        return cancelFailures.take();
    }

    /** Takes one of the cancel NEVER_ANSWER holds, if any are left. */
    boolean takeCancelHold() {
        return cancelHolds.take();
    }

    /** Takes one of the FAIL_TIMES failures, if any are left. */
    boolean takeFailure() {
        return failures.take();
    }

    /** Takes one of the NEVER_ANSWER holds, if any are left. */
    boolean takeHold() {
        return holds.take();
    }

    private void require(Status expected, String action) {
        if (status != expected) {
            throw new IllegalStateException("cannot " + action + " a payment in status " + status);
        }
    }

    // ---- state
    // --------------------------------------------------------------------------------------------------------

    public String paymentKey() {
        return paymentKey;
    }

    public String orderId() {
        return orderId;
    }

    public String orderName() {
        return orderName;
    }

    public long totalAmount() {
        return totalAmount;
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    public String customerName() {
        return customerName;
    }

    public String customerEmail() {
        return customerEmail;
    }

    public String successUrl() {
        return successUrl;
    }

    public String failUrl() {
        return failUrl;
    }

    public String secret() {
        return secret;
    }

    public ConfirmBehaviour behaviour() {
        return behaviour;
    }

    /** Readable without the lock (volatile): a hint; decisions are taken under the lock. */
    public Status status() {
        return status;
    }

    public Instant authenticatedAt() {
        return authenticatedAt;
    }

    public Instant approvedAt() {
        return approvedAt;
    }

    public long balanceAmount() {
        return balanceAmount;
    }

    public String lastTransactionKey() {
        return lastTransactionKey;
    }

    /** When the latest cancel was processed, or null. */
    public Instant lastCanceledAt() {
        return lastCanceledAt;
    }

    public List<Cancel> cancels() {
        return List.copyOf(cancels);
    }

    /** The latest entry of {@code cancels[]}, or null. */
    public Cancel lastCancel() {
        return cancels.isEmpty() ? null : cancels.getLast();
    }

    public Failure failure() {
        return failure;
    }

    /** The method the shop asked for (null: none), preselected in the window. */
    public Method requestedMethod() {
        return requestedMethod;
    }

    /** The method the buyer paid with, known once authenticated (null before). */
    public Method method() {
        return method;
    }

    /** This payment's own virtual-account validity, or null for the configured one. */
    public Duration accountValidFor() {
        return accountValidFor;
    }

    /** The issued virtual account, or null (not a virtual account, or not confirmed yet). */
    public VirtualAccount virtualAccount() {
        return virtualAccount;
    }

    /** Who deposited into the virtual account (null before the deposit). */
    public String depositorName() {
        return depositorName;
    }

    /** Whether money was taken: approved (a card, or a deposit) and not reversed since. */
    public boolean isApproved() {
        return status.approved() && approvedAt != null;
    }

    /** Whether the payment went past its window: approved, cancelled, or a virtual account issued. */
    public boolean isProcessed() {
        return status.approved() || status == Status.WAITING_FOR_DEPOSIT;
    }
}
