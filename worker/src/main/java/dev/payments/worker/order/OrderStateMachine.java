package dev.payments.worker.order;

import static dev.payments.worker.order.OrderStatus.AWAITING_DEPOSIT;
import static dev.payments.worker.order.OrderStatus.CANCEL;
import static dev.payments.worker.order.OrderStatus.COMPLETE;
import static dev.payments.worker.order.OrderStatus.FAIL;
import static dev.payments.worker.order.OrderStatus.IN_PROGRESS;
import static dev.payments.worker.order.OrderStatus.PREPAY;
import static dev.payments.worker.order.OrderStatus.SUCCESS;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.OrderAnomaly;
import dev.payments.schemas.OrderAwaitingDeposit;
import dev.payments.schemas.OrderCompleted;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgPaymentStatus;
import dev.payments.schemas.PgRefund;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.RefundCompleted;
import dev.payments.schemas.RefundReceiveAccount;
import dev.payments.schemas.RefundRequested;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.WorkerEventProof;
import dev.payments.worker.order.Decision.Applied;
import dev.payments.worker.order.Decision.Duplicate;
import dev.payments.worker.order.Decision.Parked;
import dev.payments.worker.order.Decision.Rejected;
import dev.payments.worker.order.Effect.PublishAwaitingDeposit;
import dev.payments.worker.order.Effect.PublishCompletion;
import dev.payments.worker.order.Effect.PublishRefundCompletion;
import dev.payments.worker.order.Effect.ReportMoneyAnomaly;
import dev.payments.worker.order.Effect.RequestConfirm;
import dev.payments.worker.order.Effect.RequestDepositCancel;
import dev.payments.worker.order.Effect.RequestRefund;
import dev.payments.worker.order.Effect.RequestStatusCheck;
import dev.payments.worker.order.Effect.SaveRefund;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The transitions of docs/contract.md §2 as one pure function of (order, event, its proof, now). Anything not listed
 * there changes nothing and says why. Deduplication by event id happens before this function (it needs the database);
 * everything else that makes the worker idempotent (a second success, a webhook after a redirect) is decided here.
 */
public final class OrderStateMachine {

    /** A success redirect named another amount than the order's (tampered): no money moved, nothing is confirmed. */
    static final String AMOUNT_MISMATCH = "AMOUNT_MISMATCH";

    static final String EXPIRED = "EXPIRED";
    static final String PG_FAILED = "PG_FAILED";
    static final String PAY_PROCESS_CANCELED = "PAY_PROCESS_CANCELED";
    static final String CONFIRM_REJECTED = "CONFIRM_REJECTED";
    /** A refund the PG refused without naming a code. */
    static final String REFUND_FAILED = "REFUND_FAILED";
    /** The reason an order fails when the PG reports its payment ABORTED. */
    static final String PG_ABORTED = "ABORTED";
    /** A virtual account's payment the PG cancelled at or after its deposit deadline (our own deadline cancel). */
    static final String DEPOSIT_EXPIRED = "DEPOSIT_EXPIRED";
    /** A virtual account's payment the PG cancelled before its deposit deadline: not by us, so by someone at the PG. */
    static final String PG_CANCELED = "PG_CANCELED";
    /** The timeline's note for the deadline of a virtual account passing; the PG's answer to its cancel ends the order. */
    static final String DEPOSIT_DEADLINE_PASSED = "DEPOSIT_DEADLINE_PASSED";

    private OrderStateMachine() {}

    /**
     * @param order the order's current state, or null when it has not been issued
     * @param event the event as read: its data decides, its time counts for an authenticated expiry
     * @param authenticated whether the event proves that a worker wrote it (its {@code workerauth} verified)
     * @param now the worker's clock, used only to judge expiry
     */
    public static Decision decide(
            Order order, CloudEvent<? extends EventData> event, boolean authenticated, Instant now) {
        EventData data = event.data();
        // The PG's word and the worker's own decisions count only from a worker, whoever else can write the topic:
        // checked first, so such an event without proof is never parked, never a duplicate, never followed up.
        if (!authenticated && WorkerEventProof.requiredFor(data)) {
            return new Rejected(Rejection.UNAUTHENTICATED_EVENT);
        }
        if (order == null) {
            return switch (data) {
                case OrderIssued issued -> applied(Order.issued(issued));
                // not an input of the worker: parking it would only delay its refusal (and mislabel it UNKNOWN_ORDER)
                case OrderCompleted e -> new Rejected(Rejection.UNSUPPORTED_EVENT);
                case OrderAnomaly e -> new Rejected(Rejection.UNSUPPORTED_EVENT);
                case RefundCompleted e -> new Rejected(Rejection.UNSUPPORTED_EVENT);
                case OrderAwaitingDeposit e -> new Rejected(Rejection.UNSUPPORTED_EVENT);
                case RefundRequested e -> new Parked();
                case PgRefund e -> new Parked();
                case CheckoutStarted e -> new Parked();
                case PgResult e -> new Parked();
                case PgConfirmation e -> new Parked();
                case PgStatus e -> new Parked();
                case OrderExpire e -> new Parked();
            };
        }
        return switch (data) {
            case OrderIssued e -> reissue(order, e);
            case CheckoutStarted e -> checkout(order, e);
            case PgResult e -> pgResult(order, e);
            case PgConfirmation e -> confirmation(order, e, now);
            case PgStatus e -> pgStatus(order, e, now, judgedAt(event, now));
            case OrderExpire e -> expire(order, judgedAt(event, now));
            case OrderCompleted e -> new Rejected(Rejection.UNSUPPORTED_EVENT);
            case OrderAnomaly e -> new Rejected(Rejection.UNSUPPORTED_EVENT);
            case RefundCompleted e -> new Rejected(Rejection.UNSUPPORTED_EVENT);
            case OrderAwaitingDeposit e -> new Rejected(Rejection.UNSUPPORTED_EVENT);
            case RefundRequested e -> refundRequested(order, e, event.id(), now);
            case PgRefund e -> refundAnswered(order, e, now);
        };
    }

    /**
     * When an (authenticated) expiry, or a deposit deadline, is judged: the later of the consumer's clock and the
     * event's own time. The sweeper sends an expiry only once the database's clock has passed the order's
     * {@code expiresAt} (or its virtual account's due date), and stamps the event with that moment; a consumer whose
     * clock lags the database's would otherwise refuse it NOT_EXPIRED every time it is sent, and the order would never
     * expire. The time is a worker's word (the proof covers it; only such events are judged by it), so no other
     * producer can end an order early by stamping an event in the future.
     */
    private static Instant judgedAt(CloudEvent<? extends EventData> event, Instant now) {
        return event.time() != null && event.time().isAfter(now) ? event.time() : now;
    }

    private static Decision reissue(Order order, OrderIssued e) {
        return order.sameContentAs(e)
                ? new Duplicate(Duplicate.SAME_ORDER)
                : new Rejected(Rejection.CONFLICTING_REISSUE);
    }

    private static Decision checkout(Order order, CheckoutStarted e) {
        if (!TokenHash.matches(e.token(), order.tokenHash())) {
            return new Rejected(Rejection.TOKEN_MISMATCH);
        }
        return switch (order.status()) {
            case PREPAY -> applied(order.withStatus(IN_PROGRESS));
            case IN_PROGRESS -> new Duplicate(Duplicate.SAME_STATE);
            case SUCCESS, AWAITING_DEPOSIT -> new Rejected(Rejection.INVALID_TRANSITION);
            case FAIL, CANCEL, COMPLETE -> new Rejected(Rejection.LATE_EVENT);
        };
    }

    private static Decision pgResult(Order order, PgResult e) {
        if (!TokenHash.matches(e.token(), order.tokenHash())) {
            return new Rejected(Rejection.TOKEN_MISMATCH);
        }
        boolean success = e.outcome() == PgResult.Outcome.SUCCESS;
        if (success && order.paymentKey() != null && !order.paymentKey().equals(e.paymentKey())) {
            return new Rejected(Rejection.PAYMENT_KEY_MISMATCH);
        }
        return switch (order.status()) {
            case PREPAY, IN_PROGRESS -> openOrderResult(order, e);
            // a second success redirect, or the webhook after the redirect: the order is already past it; a failure
            // redirect after the success cannot undo the payment the PG holds (only the PG's own word ends it)
            case SUCCESS, AWAITING_DEPOSIT ->
                success ? new Duplicate(Duplicate.SAME_STATE) : new Rejected(Rejection.INVALID_TRANSITION);
            case COMPLETE -> success ? new Duplicate(Duplicate.SAME_STATE) : new Rejected(Rejection.LATE_EVENT);
            case FAIL -> sameTerminal(e.outcome() == PgResult.Outcome.FAIL);
            case CANCEL -> sameTerminal(e.outcome() == PgResult.Outcome.CANCEL);
        };
    }

    private static Decision openOrderResult(Order order, PgResult e) {
        return switch (e.outcome()) {
            case SUCCESS ->
                Objects.equals(e.amount(), order.amount())
                        ? applied(
                                order.succeeded(e.paymentKey()),
                                new RequestConfirm(order.orderId(), e.paymentKey(), order.amount()))
                        : terminal(order.ended(FAIL, AMOUNT_MISMATCH, e.paymentKey()));
            case FAIL -> terminal(order.ended(FAIL, orDefault(e.code(), PG_FAILED), null));
            case CANCEL -> terminal(order.ended(CANCEL, orDefault(e.code(), PAY_PROCESS_CANCELED), null));
        };
    }

    private static Decision confirmation(Order order, PgConfirmation e, Instant now) {
        if (order.paymentKey() != null && !order.paymentKey().equals(e.paymentKey())) {
            return new Rejected(Rejection.PAYMENT_KEY_MISMATCH);
        }
        if (e.awaitsDeposit()) {
            return awaitingDeposit(order, e);
        }
        return switch (order.status()) {
            case PREPAY, IN_PROGRESS -> new Rejected(Rejection.INVALID_TRANSITION);
            case SUCCESS ->
                e.approved()
                        ? terminal(order.completed(e.approvedAt(), e.method()))
                        : terminal(order.ended(FAIL, orDefault(e.code(), CONFIRM_REJECTED), order.paymentKey()));
            // the confirm answered that the account was issued; an approval now is the PG's word out of turn, so the
            // worker reads the payment (a verified DONE completes the order), and a refusal cannot undo the account
            case AWAITING_DEPOSIT ->
                e.approved()
                        ? new Rejected(
                                Rejection.INVALID_TRANSITION,
                                List.of(new RequestStatusCheck(order.orderId(), order.paymentKey())))
                        : new Rejected(Rejection.INVALID_TRANSITION);
            case COMPLETE -> e.approved() ? new Duplicate(Duplicate.SAME_STATE) : new Rejected(Rejection.LATE_EVENT);
            // money moved for an order that ended: loud, never silent
            // the confirm asked for the order's amount, and its answer was checked against it
            case FAIL ->
                e.approved()
                        ? approvedAfterEnd(order, e.paymentKey(), order.amount(), now)
                        : new Duplicate(Duplicate.SAME_STATE);
            case CANCEL ->
                e.approved()
                        ? approvedAfterEnd(order, e.paymentKey(), order.amount(), now)
                        : new Rejected(Rejection.LATE_EVENT);
        };
    }

    /**
     * The confirm answered that the PG issued a virtual account: a SUCCESS order waits for the deposit, keeping the
     * account and only the hash of the payment's secret (null when the answer had none: then every hint asks the PG).
     */
    private static Decision awaitingDeposit(Order order, PgConfirmation e) {
        return switch (order.status()) {
            case PREPAY, IN_PROGRESS -> new Rejected(Rejection.INVALID_TRANSITION);
            case SUCCESS -> {
                Order waiting = order.awaitingDeposit(
                        e.method(), e.virtualAccount(), e.secret() == null ? null : TokenHash.of(e.secret()));
                yield applied(waiting, new PublishAwaitingDeposit(waiting));
            }
            case AWAITING_DEPOSIT -> new Duplicate(Duplicate.SAME_STATE);
            // an account issued for an order that ended unpaid: no money moved yet, and the account is cancelled at the
            // PG so that none will (the PG's answer, CANCELED, then changes nothing either)
            case FAIL, CANCEL ->
                new Rejected(
                        Rejection.LATE_EVENT,
                        List.of(new RequestDepositCancel(
                                order.orderId(), order.paymentKey() != null ? order.paymentKey() : e.paymentKey())));
            // paid already: the stale answer cancels nothing
            case COMPLETE -> new Rejected(Rejection.LATE_EVENT);
        };
    }

    /**
     * The PG's own word on the payment. Unverified (a webhook's hint), it is only a reason to ask the PG, once its
     * secret proves it the PG's where the order has one; verified (read from the PG API by a worker, and
     * authenticated), it decides: DONE approves, ABORTED fails, EXPIRED cancels, and money that moves against the
     * order's state is a {@link MoneyAnomaly}.
     *
     * @param judgedAt when a virtual account's deadline is judged: see {@link #judgedAt}
     */
    private static Decision pgStatus(Order order, PgStatus e, Instant now, Instant judgedAt) {
        if (!e.verified()) {
            // the PG sends the virtual account's secret with every webhook of that payment; a hint without it is
            // someone else's, and would only make the worker ask the PG on a stranger's word
            if (order.depositSecretHash() != null && !TokenHash.matches(e.secret(), order.depositSecretHash())) {
                return new Rejected(Rejection.DEPOSIT_SECRET_MISMATCH);
            }
            // whatever payment the hint names (or none: a deposit callback), the worker reads the order's own: the
            // recorded one, else the order's payment by orderId. A hint changes nothing, so another key is no mismatch
            return new Rejected(
                    Rejection.UNVERIFIED, List.of(new Effect.RequestStatusCheck(order.orderId(), order.paymentKey())));
        }
        if (order.paymentKey() != null && !order.paymentKey().equals(e.paymentKey())) {
            return new Rejected(Rejection.PAYMENT_KEY_MISMATCH);
        }
        return switch (e.paymentStatus()) {
            case DONE -> pgApproved(order, e, now);
            case ABORTED ->
                switch (order.status()) {
                    // the payment will never be paid: the order fails as a pending confirm's does
                    case PREPAY, IN_PROGRESS, SUCCESS, AWAITING_DEPOSIT ->
                        terminal(order.ended(FAIL, PG_ABORTED, e.paymentKey()));
                    case FAIL -> new Duplicate(Duplicate.SAME_STATE);
                    case CANCEL, COMPLETE -> new Rejected(Rejection.LATE_EVENT);
                };
            case EXPIRED ->
                switch (order.status()) {
                    case PREPAY, IN_PROGRESS, SUCCESS -> terminal(order.ended(CANCEL, EXPIRED, order.paymentKey()));
                    // the PG closed the unpaid account: past its deadline that is the deadline's doing
                    case AWAITING_DEPOSIT ->
                        terminal(order.ended(
                                CANCEL,
                                deadlinePassed(order, judgedAt) ? DEPOSIT_EXPIRED : EXPIRED,
                                order.paymentKey()));
                    case CANCEL -> new Duplicate(Duplicate.SAME_STATE);
                    case FAIL, COMPLETE -> new Rejected(Rejection.LATE_EVENT);
                };
            case CANCELED, PARTIAL_CANCELED ->
                switch (order.status()) {
                    case COMPLETE -> pgCanceled(order, e);
                    // the unpaid account cancelled: by our deadline cancel once the deadline passed, else at the PG
                    case AWAITING_DEPOSIT ->
                        terminal(order.ended(
                                CANCEL,
                                deadlinePassed(order, judgedAt) ? DEPOSIT_EXPIRED : PG_CANCELED,
                                order.paymentKey()));
                    // the PG's answer to our own cancel of an account (the deadline's, or one issued after the end),
                    // or a give-back that went through: the order already says so
                    case CANCEL ->
                        e.paymentStatus() == PgPaymentStatus.CANCELED
                                ? new Duplicate(Duplicate.SAME_STATE)
                                : new Rejected(Rejection.LATE_EVENT);
                    // money given back for an order that kept none
                    case FAIL -> new Rejected(Rejection.LATE_EVENT);
                    case PREPAY, IN_PROGRESS, SUCCESS -> new Rejected(Rejection.INVALID_TRANSITION);
                };
            case WAITING_FOR_DEPOSIT ->
                switch (order.status()) {
                    case COMPLETE -> unchanged(order, Rejection.DEPOSIT_REVERSED, MoneyAnomaly.DEPOSIT_REVERSED, e);
                    case AWAITING_DEPOSIT -> new Duplicate(Duplicate.SAME_STATE);
                    case PREPAY, IN_PROGRESS, SUCCESS, FAIL, CANCEL -> new Rejected(Rejection.NOT_FINAL);
                };
            case READY, IN_PROGRESS, OTHER -> new Rejected(Rejection.NOT_FINAL);
        };
    }

    /** Whether the order's virtual account is past its deposit deadline at {@code judgedAt}. */
    private static boolean deadlinePassed(Order order, Instant judgedAt) {
        Instant due = order.depositDueAt();
        return due != null && !judgedAt.isBefore(due);
    }

    /**
     * A verified cancel of a COMPLETE order's payment. Cancels our refunds account for (succeeded, or still in flight,
     * whose answer may not be back yet) change nothing; more cancelled than that was done outside us (Toss's console):
     * the order's refundedAmount follows the PG, and the shop is told (CANCELED_AT_PG), since it may have shipped.
     */
    private static Decision pgCanceled(Order order, PgStatus e) {
        if (e.balanceAmount() == null) {
            // how much was cancelled is not known: say so, change nothing
            return unchanged(order, Rejection.CANCELED_AT_PG, MoneyAnomaly.CANCELED_AT_PG, e);
        }
        long canceledAtPg = e.canceledAmount();
        if (canceledAtPg <= order.refundedAmount() + order.inFlightRefunds()) {
            return new Duplicate(Duplicate.SAME_STATE);
        }
        Order followed = order.withRefundedAmount(canceledAtPg - order.inFlightRefunds());
        return new Applied(
                followed,
                List.of(report(MoneyAnomaly.CANCELED_AT_PG, followed, e)),
                MoneyAnomaly.CANCELED_AT_PG.name());
    }

    /** A verified DONE: the money moved. It completes the order only for the order's own amount. */
    private static Decision pgApproved(Order order, PgStatus e, Instant now) {
        boolean orderAmount = Objects.equals(e.totalAmount(), order.amount());
        return switch (order.status()) {
            // the confirm's answer, or the buyer's deposit into the virtual account (also after its deadline passed,
            // while the order still waits: the deadline's cancel found the money there and answered DONE)
            case SUCCESS, AWAITING_DEPOSIT ->
                orderAmount ? terminal(order.completed(e.approvedAt(), e.method())) : pgAmountMismatch(order, e, now);
            // approved although the success redirect never reached us: the money moved, so the order is paid
            case PREPAY, IN_PROGRESS ->
                orderAmount
                        ? terminal(order.succeeded(e.paymentKey()).completed(e.approvedAt(), e.method()))
                        : pgAmountMismatch(order, e, now);
            case COMPLETE ->
                orderAmount
                        ? new Duplicate(Duplicate.SAME_STATE)
                        : unchanged(order, Rejection.PG_AMOUNT_MISMATCH, MoneyAnomaly.PG_AMOUNT_MISMATCH, e);
            // the approval that failed the order was reported (and given back) when it did
            case FAIL ->
                MoneyAnomaly.PG_AMOUNT_MISMATCH.name().equals(order.reason())
                        ? new Duplicate(Duplicate.SAME_STATE)
                        : approvedAfterEnd(order, e.paymentKey(), e.totalAmount(), now);
            case CANCEL -> approvedAfterEnd(order, e.paymentKey(), e.totalAmount(), now);
        };
    }

    /** The PG approved another amount than the order's: the order fails, and the whole payment is given back. */
    private static Decision pgAmountMismatch(Order order, PgStatus e, Instant now) {
        Order failed = order.ended(FAIL, MoneyAnomaly.PG_AMOUNT_MISMATCH.name(), e.paymentKey());
        List<Effect> effects = new ArrayList<>(
                List.of(new PublishCompletion(failed), report(MoneyAnomaly.PG_AMOUNT_MISMATCH, failed, e)));
        effects.addAll(giveBack(failed, MoneyAnomaly.PG_AMOUNT_MISMATCH, e.paymentKey(), e.totalAmount(), now));
        return new Applied(failed, effects);
    }

    /**
     * The PG approved the payment of an order that had ended: the order stays ended, the anomaly is reported and the
     * whole payment is given back — once per payment: while (or after) it is being given back, a repeated word of the
     * same approval is a duplicate.
     */
    private static Decision approvedAfterEnd(Order order, String paymentKey, Long pgAmount, Instant now) {
        if (paymentKey != null && order.refund(giveBackId(paymentKey)) != null) {
            return new Duplicate(Duplicate.SAME_STATE);
        }
        List<Effect> effects = new ArrayList<>(List.of(new ReportMoneyAnomaly(
                MoneyAnomaly.APPROVED_AFTER_END, order, paymentKey, PgPaymentStatus.DONE.name(), pgAmount)));
        effects.addAll(giveBack(order, MoneyAnomaly.APPROVED_AFTER_END, paymentKey, pgAmount, now));
        return new Rejected(Rejection.APPROVED_AFTER_END, effects);
    }

    /**
     * Gives back (망취소) the whole of a payment the PG approved for an order that does not keep it: a refund of the
     * worker's own, with a deterministic id per payment and the anomaly as its reason. Nothing when the PG named no
     * amount or payment: the report alone then tells the operator.
     */
    private static List<Effect> giveBack(Order order, MoneyAnomaly why, String paymentKey, Long pgAmount, Instant now) {
        if (paymentKey == null || pgAmount == null || pgAmount <= 0) {
            return List.of();
        }
        Refund refund = Refund.giveBack(giveBackId(paymentKey), pgAmount, why.name(), paymentKey, now);
        return List.of(
                new SaveRefund(order.orderId(), refund),
                new RequestRefund(order.orderId(), refund.refundId(), paymentKey, pgAmount, why.name()));
    }

    /** The refundId of the give-back of a payment: {@code giveback-} and 32 hex digits of its paymentKey's SHA-256. */
    static String giveBackId(String paymentKey) {
        return "giveback-" + TokenHash.of(paymentKey).substring(0, 32);
    }

    /**
     * A shop asks for a refund. The refundId decides first: a recorded one with the same amount and reason is this very
     * refund again; with others it is refused and the recorded refund stands. A new refund needs a COMPLETE order and
     * an amount within the refundable balance (none named: the whole balance); a refusal is recorded FAILED and told
     * to the shop like any refund's end.
     */
    private static Decision refundRequested(Order order, RefundRequested e, String eventId, Instant now) {
        Refund recorded = order.refund(e.refundId());
        if (recorded != null) {
            return recorded.initiator() == Refund.Initiator.SHOP && recorded.sameRequestAs(e)
                    ? new Duplicate(Duplicate.SAME_REFUND)
                    : new Rejected(Rejection.CONFLICTING_REFUND);
        }
        if (order.status() != COMPLETE) {
            return refundRefused(order, e, eventId, Rejection.NOT_REFUNDABLE, now);
        }
        long balance = order.refundableBalance();
        long amount = e.amount() == null ? balance : e.amount();
        if (amount <= 0 || amount > balance) {
            return refundRefused(order, e, eventId, Rejection.REFUND_EXCEEDS_BALANCE, now);
        }
        // a deposited virtual account is refunded into the buyer's own account, which only the request names; it goes
        // to the PG job and nowhere else (not into the refund, the timeline or a record for the shop)
        RefundReceiveAccount refundAccount = null;
        if (order.paidByVirtualAccount()) {
            if (e.refundReceiveAccount() == null || !e.refundReceiveAccount().isValid()) {
                return refundRefused(order, e, eventId, Rejection.REFUND_ACCOUNT_REQUIRED, now);
            }
            refundAccount = e.refundReceiveAccount();
        }
        Refund refund = Refund.requested(e, eventId, amount, order.paymentKey(), now);
        return new Applied(
                order.withRefund(refund),
                List.of(
                        new SaveRefund(order.orderId(), refund),
                        new RequestRefund(
                                order.orderId(), e.refundId(), order.paymentKey(), amount, e.reason(), refundAccount)));
    }

    private static Decision refundRefused(Order order, RefundRequested e, String eventId, Rejection why, Instant now) {
        Refund refused = Refund.refused(e, eventId, why.name(), order.paymentKey(), now);
        return new Rejected(
                why,
                List.of(
                        new SaveRefund(order.orderId(), refused),
                        new PublishRefundCompletion(order.withRefund(refused), refused)));
    }

    /**
     * The PG's answer to a refund's cancel (authenticated: only a worker's job writes it). A REQUESTED refund ends with
     * it, and a success adds its amount to the order's refundedAmount; an answer for a refund that already ended is a
     * duplicate when it says the same.
     */
    private static Decision refundAnswered(Order order, PgRefund e, Instant now) {
        Refund refund = order.refund(e.refundId());
        if (refund == null) {
            return new Rejected(Rejection.UNKNOWN_REFUND);
        }
        return switch (refund.status()) {
            case REQUESTED ->
                e.succeeded() ? refundSucceeded(order, refund, e, now) : refundFailed(order, refund, e, now);
            case SUCCEEDED -> e.succeeded() ? new Duplicate(Duplicate.SAME_STATE) : new Rejected(Rejection.LATE_EVENT);
            case FAILED -> e.succeeded() ? new Rejected(Rejection.LATE_EVENT) : new Duplicate(Duplicate.SAME_STATE);
        };
    }

    private static Decision refundSucceeded(Order order, Refund refund, PgRefund e, Instant now) {
        Refund done = refund.succeeded(
                e.transactionKey(),
                e.canceledAt() == null ? now : e.canceledAt().toInstant());
        Order next = order.withRefundedAmount(order.refundedAmount() + refund.amount())
                .withRefund(done);
        return new Applied(
                next, List.of(new SaveRefund(order.orderId(), done), new PublishRefundCompletion(next, done)));
    }

    private static Decision refundFailed(Order order, Refund refund, PgRefund e, Instant now) {
        Refund failed = refund.failed(orDefault(e.code(), REFUND_FAILED), e.message(), now);
        Order next = order.withRefund(failed);
        List<Effect> effects = new ArrayList<>(
                List.of(new SaveRefund(order.orderId(), failed), new PublishRefundCompletion(next, failed)));
        if (refund.initiator() == Refund.Initiator.WORKER) {
            effects.add(new ReportMoneyAnomaly(
                    MoneyAnomaly.GIVE_BACK_FAILED, next, refund.paymentKey(), failed.code(), refund.amount()));
        }
        return new Applied(next, effects, failed.code());
    }

    /** A money anomaly that leaves the order as it is (an ended order stays ended). */
    private static Decision unchanged(Order order, Rejection reason, MoneyAnomaly anomaly, PgStatus e) {
        return new Rejected(reason, List.of(report(anomaly, order, e)));
    }

    /** The one report of a money anomaly, whatever the decision. */
    private static ReportMoneyAnomaly report(MoneyAnomaly anomaly, Order order, PgStatus e) {
        return new ReportMoneyAnomaly(anomaly, order, e.paymentKey(), e.status(), e.totalAmount());
    }

    private static Decision expire(Order order, Instant now) {
        return switch (order.status()) {
            case PREPAY, IN_PROGRESS ->
                now.isBefore(order.expiresAt())
                        ? new Rejected(Rejection.NOT_EXPIRED)
                        : terminal(order.ended(CANCEL, EXPIRED, null));
            // the buyer paid; whether the PG approved is settled by the confirm, not by the clock
            case SUCCESS -> new Rejected(Rejection.INVALID_TRANSITION);
            // Past the deposit deadline the account is cancelled at the PG, and the PG's answer ends the order: CANCEL
            // when it cancelled, COMPLETE when the deposit was there first. So a deposit racing the deadline ends in
            // one outcome, the PG's. Applied (the order unchanged) so that it claims its id: the sweeper's repeats are
            // duplicates and the cancel is asked for once.
            case AWAITING_DEPOSIT ->
                deadlinePassed(order, now)
                        ? new Applied(
                                order,
                                List.of(new RequestDepositCancel(order.orderId(), order.paymentKey())),
                                DEPOSIT_DEADLINE_PASSED)
                        : new Rejected(Rejection.NOT_EXPIRED);
            case CANCEL -> new Duplicate(Duplicate.SAME_STATE);
            case FAIL, COMPLETE -> new Rejected(Rejection.LATE_EVENT);
        };
    }

    private static Decision sameTerminal(boolean asksForCurrentState) {
        return asksForCurrentState ? new Duplicate(Duplicate.SAME_STATE) : new Rejected(Rejection.LATE_EVENT);
    }

    private static Decision terminal(Order ended) {
        return new Applied(ended, List.of(new PublishCompletion(ended)));
    }

    private static Decision applied(Order next, Effect... effects) {
        return new Applied(next, List.of(effects));
    }

    private static String orDefault(String code, String fallback) {
        return code == null || code.isBlank() ? fallback : code;
    }
}
