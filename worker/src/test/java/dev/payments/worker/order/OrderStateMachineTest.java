package dev.payments.worker.order;

import static dev.payments.worker.order.OrderEvents.ACCOUNT;
import static dev.payments.worker.order.OrderEvents.AMOUNT;
import static dev.payments.worker.order.OrderEvents.APPROVED_AT;
import static dev.payments.worker.order.OrderEvents.DEPOSIT_SECRET;
import static dev.payments.worker.order.OrderEvents.DEPOSIT_SECRET_HASH;
import static dev.payments.worker.order.OrderEvents.DUE_DATE;
import static dev.payments.worker.order.OrderEvents.EXPIRES_AT;
import static dev.payments.worker.order.OrderEvents.NOW;
import static dev.payments.worker.order.OrderEvents.ORDER_ID;
import static dev.payments.worker.order.OrderEvents.OTHER_PAYMENT_KEY;
import static dev.payments.worker.order.OrderEvents.PAYMENT_KEY;
import static dev.payments.worker.order.OrderEvents.PG_APPROVED_AT;
import static dev.payments.worker.order.OrderEvents.REFUND_ACCOUNT;
import static dev.payments.worker.order.OrderEvents.TOKEN;
import static dev.payments.worker.order.OrderEvents.WEBHOOK_TRANSMISSION_ID;
import static dev.payments.worker.order.OrderEvents.WRONG_SECRET;
import static dev.payments.worker.order.OrderEvents.WRONG_TOKEN;
import static dev.payments.worker.order.OrderMother.BUYER_CANCELLED;
import static dev.payments.worker.order.OrderMother.CARD_COMPANY_REFUSED;
import static dev.payments.worker.order.OrderMother.CONFIRM_REFUSED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CANCEL_GOOD_TOKEN;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CANCEL_WRONG_TOKEN;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CHECKOUT_GOOD_TOKEN;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CHECKOUT_MISSING_TOKEN;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CHECKOUT_WRONG_TOKEN;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CONFIRMATION_APPROVED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CONFIRMATION_AWAITING_DEPOSIT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CONFIRMATION_OTHER_PAYMENT_KEY;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.CONFIRMATION_REJECTED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.EXPIRE_AFTER_DUE_DATE;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.EXPIRE_AFTER_EXPIRES_AT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.EXPIRE_AT_DUE_DATE;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.EXPIRE_AT_EXPIRES_AT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.EXPIRE_BEFORE_DUE_DATE;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.EXPIRE_BEFORE_EXPIRES_AT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.FAIL_GOOD_TOKEN;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.FAIL_WRONG_TOKEN;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.ISSUED_CONFLICTING_CONTENT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.ISSUED_SAME_CONTENT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.ORDER_ANOMALY;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.ORDER_AWAITING_DEPOSIT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.ORDER_COMPLETED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_ABORTED_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_ABORTED_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_CANCELED_AFTER_DUE_DATE_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_CANCELED_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_CANCELED_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_DONE_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_DONE_OTHER_PAYMENT_KEY_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_DONE_OTHER_PAYMENT_KEY_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_DONE_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_DONE_WRONG_AMOUNT_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_DONE_WRONG_AMOUNT_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_EXPIRED_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_EXPIRED_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_IN_PROGRESS_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_IN_PROGRESS_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_PARTIAL_CANCELED_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_PARTIAL_CANCELED_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_REFUND_SUCCEEDED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_UNSIGNED_ABORTED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_UNSIGNED_DONE;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_UNSIGNED_DONE_RIGHT_SECRET;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_UNSIGNED_DONE_WRONG_SECRET;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_WAITING_FOR_DEPOSIT_LOOKUP;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.PG_WAITING_FOR_DEPOSIT_SIGNED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.REFUND_COMPLETED;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.REFUND_OVER_BALANCE;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.REFUND_PART;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.REFUND_PART_INTO_ACCOUNT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.REFUND_WHOLE_BALANCE;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.SUCCESS_OTHER_PAYMENT_KEY;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.SUCCESS_RIGHT_AMOUNT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.SUCCESS_WRONG_AMOUNT;
import static dev.payments.worker.order.OrderStateMachineTest.EventKind.SUCCESS_WRONG_TOKEN;
import static dev.payments.worker.order.OrderStateMachineTest.StartingState.AWAITING_DEPOSIT;
import static dev.payments.worker.order.OrderStateMachineTest.StartingState.CANCEL;
import static dev.payments.worker.order.OrderStateMachineTest.StartingState.COMPLETE;
import static dev.payments.worker.order.OrderStateMachineTest.StartingState.FAIL;
import static dev.payments.worker.order.OrderStateMachineTest.StartingState.IN_PROGRESS;
import static dev.payments.worker.order.OrderStateMachineTest.StartingState.NOT_ISSUED;
import static dev.payments.worker.order.OrderStateMachineTest.StartingState.PREPAY;
import static dev.payments.worker.order.OrderStateMachineTest.StartingState.SUCCESS;
import static dev.payments.worker.order.Rejection.APPROVED_AFTER_END;
import static dev.payments.worker.order.Rejection.CANCELED_AT_PG;
import static dev.payments.worker.order.Rejection.CONFLICTING_REFUND;
import static dev.payments.worker.order.Rejection.CONFLICTING_REISSUE;
import static dev.payments.worker.order.Rejection.DEPOSIT_REVERSED;
import static dev.payments.worker.order.Rejection.DEPOSIT_SECRET_MISMATCH;
import static dev.payments.worker.order.Rejection.EVENT_ID_REUSED;
import static dev.payments.worker.order.Rejection.INVALID_TRANSITION;
import static dev.payments.worker.order.Rejection.LATE_EVENT;
import static dev.payments.worker.order.Rejection.NOT_EXPIRED;
import static dev.payments.worker.order.Rejection.NOT_FINAL;
import static dev.payments.worker.order.Rejection.NOT_REFUNDABLE;
import static dev.payments.worker.order.Rejection.PAYMENT_KEY_MISMATCH;
import static dev.payments.worker.order.Rejection.PG_AMOUNT_MISMATCH;
import static dev.payments.worker.order.Rejection.REFUND_ACCOUNT_REQUIRED;
import static dev.payments.worker.order.Rejection.REFUND_EXCEEDS_BALANCE;
import static dev.payments.worker.order.Rejection.TOKEN_MISMATCH;
import static dev.payments.worker.order.Rejection.UNAUTHENTICATED_EVENT;
import static dev.payments.worker.order.Rejection.UNKNOWN_ORDER;
import static dev.payments.worker.order.Rejection.UNKNOWN_REFUND;
import static dev.payments.worker.order.Rejection.UNSUPPORTED_EVENT;
import static dev.payments.worker.order.Rejection.UNVERIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.payments.schemas.EventData;
import dev.payments.schemas.EventType;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgRefund;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgStatus;
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
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/contract.md §2 as an explicit table: every starting state against every kind of event, with the exact decision each
 * must produce. The table is written from the contract, not from the implementation; the guard test makes a new state
 * or event type fail until somebody specifies it here.
 */
class OrderStateMachineTest {

    static final long TAMPERED_AMOUNT = 100L;

    /** Where an order starts; every one is reached through real transitions from an issuance. */
    enum StartingState {
        NOT_ISSUED(null, () -> null),
        PREPAY(OrderStatus.PREPAY, OrderMother::issued),
        IN_PROGRESS(OrderStatus.IN_PROGRESS, OrderMother::inProgress),
        SUCCESS(OrderStatus.SUCCESS, OrderMother::succeeded),
        /** A virtual account issued, with its secret; the paymentKey is recorded. */
        AWAITING_DEPOSIT(OrderStatus.AWAITING_DEPOSIT, OrderMother::awaitingDeposit),
        /** Failed on a refused confirm, so a paymentKey is recorded. */
        FAIL(OrderStatus.FAIL, OrderMother::failedOnConfirm),
        /** Cancelled by the buyer at the PG, so no paymentKey is recorded. */
        CANCEL(OrderStatus.CANCEL, OrderMother::cancelledByBuyer),
        COMPLETE(OrderStatus.COMPLETE, OrderMother::completed);

        final OrderStatus status;
        private final Supplier<Order> path;

        StartingState(OrderStatus status, Supplier<Order> path) {
            this.status = status;
            this.path = path;
        }

        Order order() {
            return path.get();
        }
    }

    /** Every kind of event the worker can read, in the variants that matter to its decision. */
    enum EventKind {
        ISSUED_SAME_CONTENT(OrderEvents::retriedIssue),
        ISSUED_CONFLICTING_CONTENT(() -> OrderEvents.issueWithAmount(AMOUNT + 1)),
        CHECKOUT_GOOD_TOKEN(() -> OrderEvents.checkoutStarted(TOKEN)),
        CHECKOUT_WRONG_TOKEN(() -> OrderEvents.checkoutStarted(WRONG_TOKEN)),
        CHECKOUT_MISSING_TOKEN(() -> OrderEvents.checkoutStarted(null)),
        SUCCESS_RIGHT_AMOUNT(() -> OrderEvents.successRedirect(TOKEN, PAYMENT_KEY, AMOUNT)),
        SUCCESS_WRONG_AMOUNT(() -> OrderEvents.successRedirect(TOKEN, PAYMENT_KEY, TAMPERED_AMOUNT)),
        SUCCESS_OTHER_PAYMENT_KEY(() -> OrderEvents.successRedirect(TOKEN, OTHER_PAYMENT_KEY, AMOUNT)),
        SUCCESS_WRONG_TOKEN(() -> OrderEvents.successRedirect(WRONG_TOKEN, PAYMENT_KEY, AMOUNT)),
        FAIL_GOOD_TOKEN(() -> OrderEvents.failure(TOKEN, CARD_COMPANY_REFUSED)),
        FAIL_WRONG_TOKEN(() -> OrderEvents.failure(WRONG_TOKEN, CARD_COMPANY_REFUSED)),
        CANCEL_GOOD_TOKEN(() -> OrderEvents.cancellation(TOKEN, BUYER_CANCELLED)),
        CANCEL_WRONG_TOKEN(() -> OrderEvents.cancellation(WRONG_TOKEN, BUYER_CANCELLED)),
        CONFIRMATION_APPROVED(() -> OrderEvents.approval(PAYMENT_KEY)),
        CONFIRMATION_REJECTED(() -> OrderEvents.confirmRejection(PAYMENT_KEY, CONFIRM_REFUSED)),
        CONFIRMATION_OTHER_PAYMENT_KEY(() -> OrderEvents.approval(OTHER_PAYMENT_KEY)),
        CONFIRMATION_AWAITING_DEPOSIT(() -> OrderEvents.awaitingDeposit(PAYMENT_KEY, DEPOSIT_SECRET)),
        EXPIRE_BEFORE_EXPIRES_AT(OrderEvents::expire, EXPIRES_AT.minusSeconds(1)),
        EXPIRE_AT_EXPIRES_AT(OrderEvents::expire, EXPIRES_AT),
        EXPIRE_AFTER_EXPIRES_AT(OrderEvents::expire, EXPIRES_AT.plusSeconds(1)),
        // the sweeper's request for a virtual account's deadline is the same event (data), judged at another time
        EXPIRE_BEFORE_DUE_DATE(OrderEvents::expire, DUE_DATE.toInstant().minusSeconds(1)),
        EXPIRE_AT_DUE_DATE(OrderEvents::expire, DUE_DATE.toInstant()),
        EXPIRE_AFTER_DUE_DATE(OrderEvents::expire, DUE_DATE.toInstant().plusSeconds(1)),
        // payment.pg.status: what the PG says, verified by a webhook signature or by reading it from the PG API
        PG_DONE_SIGNED(() -> OrderEvents.pgStatus(OrderEvents.DONE, PgStatus.Verification.SIGNATURE)),
        PG_DONE_LOOKUP(() -> OrderEvents.pgStatus(OrderEvents.DONE, PgStatus.Verification.LOOKUP)),
        PG_DONE_WRONG_AMOUNT_SIGNED(() ->
                OrderEvents.pgStatus(OrderEvents.DONE, PAYMENT_KEY, TAMPERED_AMOUNT, PgStatus.Verification.SIGNATURE)),
        PG_DONE_WRONG_AMOUNT_LOOKUP(() ->
                OrderEvents.pgStatus(OrderEvents.DONE, PAYMENT_KEY, TAMPERED_AMOUNT, PgStatus.Verification.LOOKUP)),
        PG_DONE_OTHER_PAYMENT_KEY_SIGNED(() ->
                OrderEvents.pgStatus(OrderEvents.DONE, OTHER_PAYMENT_KEY, AMOUNT, PgStatus.Verification.SIGNATURE)),
        PG_DONE_OTHER_PAYMENT_KEY_LOOKUP(
                () -> OrderEvents.pgStatus(OrderEvents.DONE, OTHER_PAYMENT_KEY, AMOUNT, PgStatus.Verification.LOOKUP)),
        PG_ABORTED_SIGNED(() -> OrderEvents.pgStatus(OrderEvents.ABORTED, PgStatus.Verification.SIGNATURE)),
        PG_ABORTED_LOOKUP(() -> OrderEvents.pgStatus(OrderEvents.ABORTED, PgStatus.Verification.LOOKUP)),
        PG_EXPIRED_SIGNED(() -> OrderEvents.pgStatus(OrderEvents.PG_EXPIRED, PgStatus.Verification.SIGNATURE)),
        PG_EXPIRED_LOOKUP(() -> OrderEvents.pgStatus(OrderEvents.PG_EXPIRED, PgStatus.Verification.LOOKUP)),
        PG_CANCELED_SIGNED(() -> OrderEvents.pgStatus(OrderEvents.CANCELED, PgStatus.Verification.SIGNATURE)),
        PG_CANCELED_LOOKUP(() -> OrderEvents.pgStatus(OrderEvents.CANCELED, PgStatus.Verification.LOOKUP)),
        // the deadline's cancel answered: the PG's word read once the virtual account's due date has passed
        PG_CANCELED_AFTER_DUE_DATE_LOOKUP(
                () -> OrderEvents.pgStatus(OrderEvents.CANCELED, PgStatus.Verification.LOOKUP),
                DUE_DATE.toInstant().plusSeconds(1)),
        PG_PARTIAL_CANCELED_SIGNED(
                () -> OrderEvents.pgStatus(OrderEvents.PARTIAL_CANCELED, PgStatus.Verification.SIGNATURE)),
        PG_PARTIAL_CANCELED_LOOKUP(
                () -> OrderEvents.pgStatus(OrderEvents.PARTIAL_CANCELED, PgStatus.Verification.LOOKUP)),
        PG_IN_PROGRESS_SIGNED(() -> OrderEvents.pgStatus(OrderEvents.PG_IN_PROGRESS, PgStatus.Verification.SIGNATURE)),
        PG_IN_PROGRESS_LOOKUP(() -> OrderEvents.pgStatus(OrderEvents.PG_IN_PROGRESS, PgStatus.Verification.LOOKUP)),
        PG_WAITING_FOR_DEPOSIT_SIGNED(
                () -> OrderEvents.pgStatus(OrderEvents.WAITING_FOR_DEPOSIT, PgStatus.Verification.SIGNATURE)),
        PG_WAITING_FOR_DEPOSIT_LOOKUP(
                () -> OrderEvents.pgStatus(OrderEvents.WAITING_FOR_DEPOSIT, PgStatus.Verification.LOOKUP)),
        // an unsigned webhook is a hint: whatever it says, the worker asks the PG
        PG_UNSIGNED_DONE(() -> OrderEvents.pgStatus(OrderEvents.DONE, PgStatus.Verification.NONE)),
        PG_UNSIGNED_ABORTED(() -> OrderEvents.pgStatus(OrderEvents.ABORTED, PgStatus.Verification.NONE)),
        PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY(
                () -> OrderEvents.pgStatus(OrderEvents.DONE, OTHER_PAYMENT_KEY, AMOUNT, PgStatus.Verification.NONE)),
        // a virtual account's webhook carries the payment's secret (the ones above carry none)
        PG_UNSIGNED_DONE_RIGHT_SECRET(() -> OrderEvents.hintWithSecret(OrderEvents.DONE, DEPOSIT_SECRET)),
        PG_UNSIGNED_DONE_WRONG_SECRET(() -> OrderEvents.hintWithSecret(OrderEvents.DONE, WRONG_SECRET)),
        ORDER_COMPLETED(OrderEvents::completionRecord),
        ORDER_ANOMALY(OrderEvents::anomalyRecord),
        ORDER_AWAITING_DEPOSIT(OrderEvents::awaitingDepositRecord),
        // refunds: the shop's request (part of the amount, the whole balance, more than was paid), the PG's answer
        REFUND_PART(() -> OrderEvents.refund(OrderEvents.PART_OF_AMOUNT)),
        REFUND_WHOLE_BALANCE(() -> OrderEvents.refund(null)),
        REFUND_OVER_BALANCE(() -> OrderEvents.refund(AMOUNT + 1)),
        // with the buyer's refund account, which only a deposited virtual account's refund needs
        REFUND_PART_INTO_ACCOUNT(() -> OrderEvents.refundInto(REFUND_ACCOUNT, OrderEvents.PART_OF_AMOUNT)),
        PG_REFUND_SUCCEEDED(OrderEvents::refundSucceeded),
        REFUND_COMPLETED(OrderEvents::refundRecord);

        private final Supplier<EventData> data;
        final Instant now;

        EventKind(Supplier<EventData> data) {
            this(data, NOW);
        }

        EventKind(Supplier<EventData> data, Instant now) {
            this.data = data;
            this.now = now;
        }

        EventData data() {
            return data.get();
        }
    }

    /** What the table expects. */
    sealed interface Expected {}

    /**
     * The order moves to {@code status}, recording {@code reason}, {@code paymentKey} and {@code approvedAt}, with
     * exactly these effects; the timeline says {@code note} (null: the order's reason).
     */
    record Moves(
            OrderStatus status,
            String reason,
            String paymentKey,
            OffsetDateTime approvedAt,
            Effects effects,
            String note)
            implements Expected {

        Moves(OrderStatus status, String reason, String paymentKey, OffsetDateTime approvedAt, Effects effects) {
            this(status, reason, paymentKey, approvedAt, effects, null);
        }

        @Override
        public String toString() {
            return "APPLIED → " + status + (reason == null ? "" : " (" + reason + ")") + effects.label
                    + (note == null ? "" : " [" + note + "]");
        }
    }

    /** Nothing changes: exactly this duplicate, park or rejection. */
    record Exactly(Decision decision) implements Expected {
        @Override
        public String toString() {
            return switch (decision) {
                case Duplicate d -> "DUPLICATE " + d.reason();
                case Rejected r ->
                    "REJECTED " + r.reason()
                            + (r.effects().isEmpty()
                                    ? ""
                                    : " + "
                                            + r.effects().stream()
                                                    .map(e -> e.getClass().getSimpleName())
                                                    .toList());
                case Parked p -> "PARKED";
                case Applied a -> throw new IllegalArgumentException("use Moves for an applied decision");
            };
        }
    }

    enum Effects {
        NONE(""),
        /** RequestConfirm for the order's own amount, and nothing else. */
        CONFIRM(" + RequestConfirm"),
        /** PublishCompletion of the terminal order, and nothing else. */
        COMPLETION(" + PublishCompletion"),
        /**
         * PublishCompletion of the failed order, the report of the money anomaly its reason names, and the give-back of
         * the whole payment (a refund of the worker's own, and its cancel at the PG).
         */
        COMPLETION_AND_ANOMALY(" + PublishCompletion + ReportMoneyAnomaly + SaveRefund + RequestRefund"),
        /** A refund recorded REQUESTED (SaveRefund) and its cancel at the PG (RequestRefund); the order stays. */
        REFUND(" + SaveRefund + RequestRefund"),
        /** The awaiting-deposit record of the order with the virtual account the confirm's answer named. */
        AWAITING_DEPOSIT_RECORD(" + PublishAwaitingDeposit"),
        /** The cancel of the unpaid virtual account at the PG; the order stays as it is. */
        DEPOSIT_CANCEL(" + RequestDepositCancel");

        final String label;

        Effects(String label) {
            this.label = label;
        }
    }

    static Moves movesTo(OrderStatus status) {
        return new Moves(status, null, null, null, Effects.NONE);
    }

    static Moves succeedsAndConfirms(String paymentKey) {
        return new Moves(OrderStatus.SUCCESS, null, paymentKey, null, Effects.CONFIRM);
    }

    /** FAIL or CANCEL for {@code reason}; an order that never completed has no approval time. */
    static Moves ends(OrderStatus terminal, String reason, String paymentKey) {
        if (terminal == OrderStatus.COMPLETE) {
            throw new IllegalArgumentException("use completes(paymentKey, approvedAt) for COMPLETE");
        }
        return new Moves(terminal, reason, paymentKey, null, Effects.COMPLETION);
    }

    /** COMPLETE, with no reason, the approval time the PG reported, and the one completion record. */
    static Moves completes(String paymentKey, OffsetDateTime approvedAt) {
        return new Moves(OrderStatus.COMPLETE, null, paymentKey, approvedAt, Effects.COMPLETION);
    }

    /** AWAITING_DEPOSIT with the account, the method and the secret's hash; the shop is told where to pay. */
    static Moves awaitsTheDeposit() {
        return new Moves(OrderStatus.AWAITING_DEPOSIT, null, PAYMENT_KEY, null, Effects.AWAITING_DEPOSIT_RECORD);
    }

    /** The deposit deadline passed: the order stays AWAITING_DEPOSIT, its account is cancelled at the PG. */
    static Moves cancelsTheUnpaidAccount() {
        return new Moves(
                OrderStatus.AWAITING_DEPOSIT,
                null,
                PAYMENT_KEY,
                null,
                Effects.DEPOSIT_CANCEL,
                "DEPOSIT_DEADLINE_PASSED");
    }

    /**
     * An account issued for an order that ended unpaid: late, and the account is cancelled at the PG so that no money
     * moves for it.
     */
    static Exactly lateAccountCancelled() {
        return new Exactly(new Rejected(LATE_EVENT, List.of(new RequestDepositCancel(ORDER_ID, PAYMENT_KEY))));
    }

    /** FAIL because the PG approved the payment for another amount: loud, and the confirm is never asked for. */
    static Moves failsOnThePgsAmount(String paymentKey) {
        return new Moves(OrderStatus.FAIL, "PG_AMOUNT_MISMATCH", paymentKey, null, Effects.COMPLETION_AND_ANOMALY);
    }

    /**
     * Nothing changes, for {@code reason}, and the money anomaly is reported with the order as it is and what the PG
     * said: its paymentKey, status and amount (an approved confirmation says DONE and names no amount).
     */
    static Exactly reports(Rejection reason, MoneyAnomaly anomaly, StartingState state, EventKind kind) {
        Order order = state.order();
        ReportMoneyAnomaly report =
                switch (kind.data()) {
                    case PgStatus status ->
                        new ReportMoneyAnomaly(
                                anomaly, order, status.paymentKey(), status.status(), status.totalAmount());
                    case PgConfirmation confirmation ->
                        new ReportMoneyAnomaly(anomaly, order, confirmation.paymentKey(), OrderEvents.DONE, null);
                    default -> throw new IllegalArgumentException("no money moves with " + kind);
                };
        return new Exactly(new Rejected(reason, List.of(report)));
    }

    /**
     * Nothing changes but the money given back: APPROVED_AFTER_END is reported with what the PG said (an approved
     * confirmation names DONE for the order's amount, the one it asked for), and the whole payment is given back by a
     * refund of the worker's own.
     */
    static Exactly approvedAfterEnd(StartingState state, EventKind kind) {
        Order order = state.order();
        String paymentKey;
        long pgAmount;
        switch (kind.data()) {
            case PgStatus status -> {
                paymentKey = status.paymentKey();
                pgAmount = status.totalAmount();
            }
            case PgConfirmation confirmation -> {
                paymentKey = confirmation.paymentKey();
                pgAmount = order.amount();
            }
            default -> throw new IllegalArgumentException("no money moves with " + kind);
        }
        return new Exactly(new Rejected(
                APPROVED_AFTER_END,
                List.<Effect>of(
                        new ReportMoneyAnomaly(
                                MoneyAnomaly.APPROVED_AFTER_END, order, paymentKey, OrderEvents.DONE, pgAmount),
                        new SaveRefund(ORDER_ID, giveBack(paymentKey, pgAmount, MoneyAnomaly.APPROVED_AFTER_END)),
                        new RequestRefund(
                                ORDER_ID,
                                OrderStateMachine.giveBackId(paymentKey),
                                paymentKey,
                                pgAmount,
                                MoneyAnomaly.APPROVED_AFTER_END.name()))));
    }

    static Refund giveBack(String paymentKey, long amount, MoneyAnomaly why) {
        return Refund.giveBack(OrderStateMachine.giveBackId(paymentKey), amount, why.name(), paymentKey, NOW);
    }

    /** A COMPLETE order's refund of {@code amount}: recorded REQUESTED, and cancelled at the PG. */
    static Moves requestsRefundOf(long amount) {
        return new Moves(
                OrderStatus.COMPLETE,
                null,
                PAYMENT_KEY,
                StartingState.COMPLETE.order().approvedAt(),
                Effects.REFUND);
    }

    /** The refund is refused for {@code why}: recorded FAILED, and its record published; the order stays. */
    static Exactly refusesRefund(Rejection why, StartingState state, EventKind kind) {
        Order order = state.order();
        RefundRequested request = (RefundRequested) kind.data();
        Refund refused = new Refund(
                OrderEvents.REFUND_ID,
                Refund.Status.FAILED,
                request.amount() == null ? 0 : request.amount(),
                request.amount(),
                OrderEvents.REFUND_REASON,
                Refund.Initiator.SHOP,
                order.paymentKey(),
                why.name(),
                null,
                null,
                "evt-" + ORDER_ID,
                NOW,
                NOW);
        return new Exactly(new Rejected(
                why,
                List.of(
                        new SaveRefund(ORDER_ID, refused),
                        new PublishRefundCompletion(order.withRefund(refused), refused))));
    }

    static Exactly canceledAtPg(EventKind kind) {
        return reports(CANCELED_AT_PG, MoneyAnomaly.CANCELED_AT_PG, COMPLETE, kind);
    }

    static Exactly duplicate(String reason) {
        return new Exactly(new Duplicate(reason));
    }

    static Exactly parked() {
        return new Exactly(new Parked());
    }

    static Exactly rejected(Rejection reason) {
        return new Exactly(new Rejected(reason));
    }

    /**
     * A webhook's hint changes nothing and asks the PG for the order's own payment: {@code paymentKey} is the order's
     * recorded one (null: by orderId), whatever the hint named.
     */
    static Exactly asksThePg(String paymentKey) {
        return new Exactly(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, paymentKey))));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // not issued: only the issuance applies; everything else waits for it
                arguments(NOT_ISSUED, ISSUED_SAME_CONTENT, movesTo(OrderStatus.PREPAY)),
                arguments(NOT_ISSUED, ISSUED_CONFLICTING_CONTENT, movesTo(OrderStatus.PREPAY)),
                arguments(NOT_ISSUED, CHECKOUT_GOOD_TOKEN, parked()),
                arguments(NOT_ISSUED, CHECKOUT_WRONG_TOKEN, parked()),
                arguments(NOT_ISSUED, CHECKOUT_MISSING_TOKEN, parked()),
                arguments(NOT_ISSUED, SUCCESS_RIGHT_AMOUNT, parked()),
                arguments(NOT_ISSUED, SUCCESS_WRONG_AMOUNT, parked()),
                arguments(NOT_ISSUED, SUCCESS_OTHER_PAYMENT_KEY, parked()),
                arguments(NOT_ISSUED, SUCCESS_WRONG_TOKEN, parked()),
                arguments(NOT_ISSUED, FAIL_GOOD_TOKEN, parked()),
                arguments(NOT_ISSUED, FAIL_WRONG_TOKEN, parked()),
                arguments(NOT_ISSUED, CANCEL_GOOD_TOKEN, parked()),
                arguments(NOT_ISSUED, CANCEL_WRONG_TOKEN, parked()),
                arguments(NOT_ISSUED, CONFIRMATION_APPROVED, parked()),
                arguments(NOT_ISSUED, CONFIRMATION_REJECTED, parked()),
                arguments(NOT_ISSUED, CONFIRMATION_OTHER_PAYMENT_KEY, parked()),
                arguments(NOT_ISSUED, EXPIRE_BEFORE_EXPIRES_AT, parked()),
                arguments(NOT_ISSUED, EXPIRE_AT_EXPIRES_AT, parked()),
                arguments(NOT_ISSUED, EXPIRE_AFTER_EXPIRES_AT, parked()),
                arguments(NOT_ISSUED, ORDER_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                arguments(NOT_ISSUED, ORDER_ANOMALY, rejected(UNSUPPORTED_EVENT)),
                arguments(NOT_ISSUED, REFUND_PART, parked()),
                arguments(NOT_ISSUED, REFUND_WHOLE_BALANCE, parked()),
                arguments(NOT_ISSUED, REFUND_OVER_BALANCE, parked()),
                arguments(NOT_ISSUED, PG_REFUND_SUCCEEDED, parked()),
                arguments(NOT_ISSUED, REFUND_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                // a PG status of an order not issued yet waits for it, verified or not
                arguments(NOT_ISSUED, PG_DONE_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_DONE_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_DONE_WRONG_AMOUNT_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_DONE_WRONG_AMOUNT_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_DONE_OTHER_PAYMENT_KEY_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_DONE_OTHER_PAYMENT_KEY_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_ABORTED_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_ABORTED_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_EXPIRED_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_EXPIRED_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_CANCELED_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_CANCELED_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_PARTIAL_CANCELED_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_PARTIAL_CANCELED_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_IN_PROGRESS_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_IN_PROGRESS_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_WAITING_FOR_DEPOSIT_SIGNED, parked()),
                arguments(NOT_ISSUED, PG_WAITING_FOR_DEPOSIT_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_UNSIGNED_DONE, parked()),
                arguments(NOT_ISSUED, PG_UNSIGNED_ABORTED, parked()),
                arguments(NOT_ISSUED, PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY, parked()),
                arguments(NOT_ISSUED, CONFIRMATION_AWAITING_DEPOSIT, parked()),
                arguments(NOT_ISSUED, EXPIRE_BEFORE_DUE_DATE, parked()),
                arguments(NOT_ISSUED, EXPIRE_AT_DUE_DATE, parked()),
                arguments(NOT_ISSUED, EXPIRE_AFTER_DUE_DATE, parked()),
                arguments(NOT_ISSUED, PG_CANCELED_AFTER_DUE_DATE_LOOKUP, parked()),
                arguments(NOT_ISSUED, PG_UNSIGNED_DONE_RIGHT_SECRET, parked()),
                arguments(NOT_ISSUED, PG_UNSIGNED_DONE_WRONG_SECRET, parked()),
                arguments(NOT_ISSUED, ORDER_AWAITING_DEPOSIT, rejected(UNSUPPORTED_EVENT)),
                arguments(NOT_ISSUED, REFUND_PART_INTO_ACCOUNT, parked()),
                // PREPAY
                arguments(PREPAY, ISSUED_SAME_CONTENT, duplicate(Duplicate.SAME_ORDER)),
                arguments(PREPAY, ISSUED_CONFLICTING_CONTENT, rejected(CONFLICTING_REISSUE)),
                arguments(PREPAY, CHECKOUT_GOOD_TOKEN, movesTo(OrderStatus.IN_PROGRESS)),
                arguments(PREPAY, CHECKOUT_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(PREPAY, CHECKOUT_MISSING_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(PREPAY, SUCCESS_RIGHT_AMOUNT, succeedsAndConfirms(PAYMENT_KEY)),
                arguments(PREPAY, SUCCESS_WRONG_AMOUNT, ends(OrderStatus.FAIL, "AMOUNT_MISMATCH", PAYMENT_KEY)),
                arguments(PREPAY, SUCCESS_OTHER_PAYMENT_KEY, succeedsAndConfirms(OTHER_PAYMENT_KEY)),
                arguments(PREPAY, SUCCESS_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(PREPAY, FAIL_GOOD_TOKEN, ends(OrderStatus.FAIL, CARD_COMPANY_REFUSED, null)),
                arguments(PREPAY, FAIL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(PREPAY, CANCEL_GOOD_TOKEN, ends(OrderStatus.CANCEL, BUYER_CANCELLED, null)),
                arguments(PREPAY, CANCEL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(PREPAY, CONFIRMATION_APPROVED, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, CONFIRMATION_REJECTED, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, CONFIRMATION_OTHER_PAYMENT_KEY, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, EXPIRE_BEFORE_EXPIRES_AT, rejected(NOT_EXPIRED)),
                arguments(PREPAY, EXPIRE_AT_EXPIRES_AT, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(PREPAY, EXPIRE_AFTER_EXPIRES_AT, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(PREPAY, ORDER_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                arguments(PREPAY, ORDER_ANOMALY, rejected(UNSUPPORTED_EVENT)),
                // only a COMPLETE order is refundable: the refusal is recorded FAILED and told to the shop
                arguments(PREPAY, REFUND_PART, refusesRefund(NOT_REFUNDABLE, PREPAY, REFUND_PART)),
                arguments(PREPAY, REFUND_WHOLE_BALANCE, refusesRefund(NOT_REFUNDABLE, PREPAY, REFUND_WHOLE_BALANCE)),
                arguments(PREPAY, REFUND_OVER_BALANCE, refusesRefund(NOT_REFUNDABLE, PREPAY, REFUND_OVER_BALANCE)),
                arguments(PREPAY, PG_REFUND_SUCCEEDED, rejected(UNKNOWN_REFUND)),
                arguments(PREPAY, REFUND_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                // the PG's verified word on an open order: DONE for the order's amount completes it without a confirm
                arguments(PREPAY, PG_DONE_SIGNED, completes(PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(PREPAY, PG_DONE_LOOKUP, completes(PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(PREPAY, PG_DONE_WRONG_AMOUNT_SIGNED, failsOnThePgsAmount(PAYMENT_KEY)),
                arguments(PREPAY, PG_DONE_WRONG_AMOUNT_LOOKUP, failsOnThePgsAmount(PAYMENT_KEY)),
                arguments(PREPAY, PG_DONE_OTHER_PAYMENT_KEY_SIGNED, completes(OTHER_PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(PREPAY, PG_DONE_OTHER_PAYMENT_KEY_LOOKUP, completes(OTHER_PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(PREPAY, PG_ABORTED_SIGNED, ends(OrderStatus.FAIL, "ABORTED", PAYMENT_KEY)),
                arguments(PREPAY, PG_ABORTED_LOOKUP, ends(OrderStatus.FAIL, "ABORTED", PAYMENT_KEY)),
                arguments(PREPAY, PG_EXPIRED_SIGNED, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(PREPAY, PG_EXPIRED_LOOKUP, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(PREPAY, PG_CANCELED_SIGNED, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, PG_CANCELED_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, PG_PARTIAL_CANCELED_SIGNED, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, PG_PARTIAL_CANCELED_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, PG_IN_PROGRESS_SIGNED, rejected(NOT_FINAL)),
                arguments(PREPAY, PG_IN_PROGRESS_LOOKUP, rejected(NOT_FINAL)),
                arguments(PREPAY, PG_WAITING_FOR_DEPOSIT_SIGNED, rejected(NOT_FINAL)),
                arguments(PREPAY, PG_WAITING_FOR_DEPOSIT_LOOKUP, rejected(NOT_FINAL)),
                arguments(PREPAY, PG_UNSIGNED_DONE, asksThePg(null)),
                arguments(PREPAY, PG_UNSIGNED_ABORTED, asksThePg(null)),
                arguments(PREPAY, PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY, asksThePg(null)),
                // an open order: the deadline of an account it has not got is a late expiry; hints ask the PG
                arguments(PREPAY, CONFIRMATION_AWAITING_DEPOSIT, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, EXPIRE_BEFORE_DUE_DATE, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(PREPAY, EXPIRE_AT_DUE_DATE, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(PREPAY, EXPIRE_AFTER_DUE_DATE, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(PREPAY, PG_CANCELED_AFTER_DUE_DATE_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(PREPAY, PG_UNSIGNED_DONE_RIGHT_SECRET, asksThePg(null)),
                arguments(PREPAY, PG_UNSIGNED_DONE_WRONG_SECRET, asksThePg(null)),
                arguments(PREPAY, ORDER_AWAITING_DEPOSIT, rejected(UNSUPPORTED_EVENT)),
                arguments(
                        PREPAY,
                        REFUND_PART_INTO_ACCOUNT,
                        refusesRefund(NOT_REFUNDABLE, PREPAY, REFUND_PART_INTO_ACCOUNT)),
                // IN_PROGRESS
                arguments(IN_PROGRESS, ISSUED_SAME_CONTENT, duplicate(Duplicate.SAME_ORDER)),
                arguments(IN_PROGRESS, ISSUED_CONFLICTING_CONTENT, rejected(CONFLICTING_REISSUE)),
                arguments(IN_PROGRESS, CHECKOUT_GOOD_TOKEN, duplicate(Duplicate.SAME_STATE)),
                arguments(IN_PROGRESS, CHECKOUT_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(IN_PROGRESS, CHECKOUT_MISSING_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(IN_PROGRESS, SUCCESS_RIGHT_AMOUNT, succeedsAndConfirms(PAYMENT_KEY)),
                arguments(IN_PROGRESS, SUCCESS_WRONG_AMOUNT, ends(OrderStatus.FAIL, "AMOUNT_MISMATCH", PAYMENT_KEY)),
                arguments(IN_PROGRESS, SUCCESS_OTHER_PAYMENT_KEY, succeedsAndConfirms(OTHER_PAYMENT_KEY)),
                arguments(IN_PROGRESS, SUCCESS_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(IN_PROGRESS, FAIL_GOOD_TOKEN, ends(OrderStatus.FAIL, CARD_COMPANY_REFUSED, null)),
                arguments(IN_PROGRESS, FAIL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(IN_PROGRESS, CANCEL_GOOD_TOKEN, ends(OrderStatus.CANCEL, BUYER_CANCELLED, null)),
                arguments(IN_PROGRESS, CANCEL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(IN_PROGRESS, CONFIRMATION_APPROVED, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, CONFIRMATION_REJECTED, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, CONFIRMATION_OTHER_PAYMENT_KEY, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, EXPIRE_BEFORE_EXPIRES_AT, rejected(NOT_EXPIRED)),
                arguments(IN_PROGRESS, EXPIRE_AT_EXPIRES_AT, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(IN_PROGRESS, EXPIRE_AFTER_EXPIRES_AT, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(IN_PROGRESS, ORDER_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                arguments(IN_PROGRESS, ORDER_ANOMALY, rejected(UNSUPPORTED_EVENT)),
                // only a COMPLETE order is refundable: the refusal is recorded FAILED and told to the shop
                arguments(IN_PROGRESS, REFUND_PART, refusesRefund(NOT_REFUNDABLE, IN_PROGRESS, REFUND_PART)),
                arguments(
                        IN_PROGRESS,
                        REFUND_WHOLE_BALANCE,
                        refusesRefund(NOT_REFUNDABLE, IN_PROGRESS, REFUND_WHOLE_BALANCE)),
                arguments(
                        IN_PROGRESS,
                        REFUND_OVER_BALANCE,
                        refusesRefund(NOT_REFUNDABLE, IN_PROGRESS, REFUND_OVER_BALANCE)),
                arguments(IN_PROGRESS, PG_REFUND_SUCCEEDED, rejected(UNKNOWN_REFUND)),
                arguments(IN_PROGRESS, REFUND_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                // the PG's verified word on an open order: DONE for the order's amount completes it without a confirm
                arguments(IN_PROGRESS, PG_DONE_SIGNED, completes(PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(IN_PROGRESS, PG_DONE_LOOKUP, completes(PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(IN_PROGRESS, PG_DONE_WRONG_AMOUNT_SIGNED, failsOnThePgsAmount(PAYMENT_KEY)),
                arguments(IN_PROGRESS, PG_DONE_WRONG_AMOUNT_LOOKUP, failsOnThePgsAmount(PAYMENT_KEY)),
                arguments(IN_PROGRESS, PG_DONE_OTHER_PAYMENT_KEY_SIGNED, completes(OTHER_PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(IN_PROGRESS, PG_DONE_OTHER_PAYMENT_KEY_LOOKUP, completes(OTHER_PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(IN_PROGRESS, PG_ABORTED_SIGNED, ends(OrderStatus.FAIL, "ABORTED", PAYMENT_KEY)),
                arguments(IN_PROGRESS, PG_ABORTED_LOOKUP, ends(OrderStatus.FAIL, "ABORTED", PAYMENT_KEY)),
                arguments(IN_PROGRESS, PG_EXPIRED_SIGNED, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(IN_PROGRESS, PG_EXPIRED_LOOKUP, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(IN_PROGRESS, PG_CANCELED_SIGNED, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, PG_CANCELED_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, PG_PARTIAL_CANCELED_SIGNED, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, PG_PARTIAL_CANCELED_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, PG_IN_PROGRESS_SIGNED, rejected(NOT_FINAL)),
                arguments(IN_PROGRESS, PG_IN_PROGRESS_LOOKUP, rejected(NOT_FINAL)),
                arguments(IN_PROGRESS, PG_WAITING_FOR_DEPOSIT_SIGNED, rejected(NOT_FINAL)),
                arguments(IN_PROGRESS, PG_WAITING_FOR_DEPOSIT_LOOKUP, rejected(NOT_FINAL)),
                arguments(IN_PROGRESS, PG_UNSIGNED_DONE, asksThePg(null)),
                arguments(IN_PROGRESS, PG_UNSIGNED_ABORTED, asksThePg(null)),
                arguments(IN_PROGRESS, PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY, asksThePg(null)),
                // an open order: the deadline of an account it has not got is a late expiry; hints ask the PG
                arguments(IN_PROGRESS, CONFIRMATION_AWAITING_DEPOSIT, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, EXPIRE_BEFORE_DUE_DATE, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(IN_PROGRESS, EXPIRE_AT_DUE_DATE, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(IN_PROGRESS, EXPIRE_AFTER_DUE_DATE, ends(OrderStatus.CANCEL, "EXPIRED", null)),
                arguments(IN_PROGRESS, PG_CANCELED_AFTER_DUE_DATE_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(IN_PROGRESS, PG_UNSIGNED_DONE_RIGHT_SECRET, asksThePg(null)),
                arguments(IN_PROGRESS, PG_UNSIGNED_DONE_WRONG_SECRET, asksThePg(null)),
                arguments(IN_PROGRESS, ORDER_AWAITING_DEPOSIT, rejected(UNSUPPORTED_EVENT)),
                arguments(
                        IN_PROGRESS,
                        REFUND_PART_INTO_ACCOUNT,
                        refusesRefund(NOT_REFUNDABLE, IN_PROGRESS, REFUND_PART_INTO_ACCOUNT)),
                // SUCCESS: paid, confirm pending; only the confirmation decides
                arguments(SUCCESS, ISSUED_SAME_CONTENT, duplicate(Duplicate.SAME_ORDER)),
                arguments(SUCCESS, ISSUED_CONFLICTING_CONTENT, rejected(CONFLICTING_REISSUE)),
                arguments(SUCCESS, CHECKOUT_GOOD_TOKEN, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, CHECKOUT_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(SUCCESS, CHECKOUT_MISSING_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(SUCCESS, SUCCESS_RIGHT_AMOUNT, duplicate(Duplicate.SAME_STATE)),
                arguments(SUCCESS, SUCCESS_WRONG_AMOUNT, duplicate(Duplicate.SAME_STATE)),
                arguments(SUCCESS, SUCCESS_OTHER_PAYMENT_KEY, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(SUCCESS, SUCCESS_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(SUCCESS, FAIL_GOOD_TOKEN, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, FAIL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(SUCCESS, CANCEL_GOOD_TOKEN, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, CANCEL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(SUCCESS, CONFIRMATION_APPROVED, completes(PAYMENT_KEY, APPROVED_AT)),
                arguments(SUCCESS, CONFIRMATION_REJECTED, ends(OrderStatus.FAIL, CONFIRM_REFUSED, PAYMENT_KEY)),
                arguments(SUCCESS, CONFIRMATION_OTHER_PAYMENT_KEY, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(SUCCESS, EXPIRE_BEFORE_EXPIRES_AT, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, EXPIRE_AT_EXPIRES_AT, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, EXPIRE_AFTER_EXPIRES_AT, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, ORDER_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                arguments(SUCCESS, ORDER_ANOMALY, rejected(UNSUPPORTED_EVENT)),
                // only a COMPLETE order is refundable: the refusal is recorded FAILED and told to the shop
                arguments(SUCCESS, REFUND_PART, refusesRefund(NOT_REFUNDABLE, SUCCESS, REFUND_PART)),
                arguments(SUCCESS, REFUND_WHOLE_BALANCE, refusesRefund(NOT_REFUNDABLE, SUCCESS, REFUND_WHOLE_BALANCE)),
                arguments(SUCCESS, REFUND_OVER_BALANCE, refusesRefund(NOT_REFUNDABLE, SUCCESS, REFUND_OVER_BALANCE)),
                arguments(SUCCESS, PG_REFUND_SUCCEEDED, rejected(UNKNOWN_REFUND)),
                arguments(SUCCESS, REFUND_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                // a verified DONE settles the pending confirm, for the order's amount only: the redirect's was the
                // buyer's
                arguments(SUCCESS, PG_DONE_SIGNED, completes(PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(SUCCESS, PG_DONE_LOOKUP, completes(PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(SUCCESS, PG_DONE_WRONG_AMOUNT_SIGNED, failsOnThePgsAmount(PAYMENT_KEY)),
                arguments(SUCCESS, PG_DONE_WRONG_AMOUNT_LOOKUP, failsOnThePgsAmount(PAYMENT_KEY)),
                arguments(SUCCESS, PG_DONE_OTHER_PAYMENT_KEY_SIGNED, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(SUCCESS, PG_DONE_OTHER_PAYMENT_KEY_LOOKUP, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(SUCCESS, PG_ABORTED_SIGNED, ends(OrderStatus.FAIL, "ABORTED", PAYMENT_KEY)),
                arguments(SUCCESS, PG_ABORTED_LOOKUP, ends(OrderStatus.FAIL, "ABORTED", PAYMENT_KEY)),
                arguments(SUCCESS, PG_EXPIRED_SIGNED, ends(OrderStatus.CANCEL, "EXPIRED", PAYMENT_KEY)),
                arguments(SUCCESS, PG_EXPIRED_LOOKUP, ends(OrderStatus.CANCEL, "EXPIRED", PAYMENT_KEY)),
                arguments(SUCCESS, PG_CANCELED_SIGNED, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, PG_CANCELED_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, PG_PARTIAL_CANCELED_SIGNED, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, PG_PARTIAL_CANCELED_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, PG_IN_PROGRESS_SIGNED, rejected(NOT_FINAL)),
                arguments(SUCCESS, PG_IN_PROGRESS_LOOKUP, rejected(NOT_FINAL)),
                arguments(SUCCESS, PG_WAITING_FOR_DEPOSIT_SIGNED, rejected(NOT_FINAL)),
                arguments(SUCCESS, PG_WAITING_FOR_DEPOSIT_LOOKUP, rejected(NOT_FINAL)),
                arguments(SUCCESS, PG_UNSIGNED_DONE, asksThePg(PAYMENT_KEY)),
                arguments(SUCCESS, PG_UNSIGNED_ABORTED, asksThePg(PAYMENT_KEY)),
                arguments(SUCCESS, PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY, asksThePg(PAYMENT_KEY)),
                // the confirm answered that a virtual account was issued: the order waits for the deposit
                arguments(SUCCESS, CONFIRMATION_AWAITING_DEPOSIT, awaitsTheDeposit()),
                arguments(SUCCESS, EXPIRE_BEFORE_DUE_DATE, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, EXPIRE_AT_DUE_DATE, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, EXPIRE_AFTER_DUE_DATE, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, PG_CANCELED_AFTER_DUE_DATE_LOOKUP, rejected(INVALID_TRANSITION)),
                arguments(SUCCESS, PG_UNSIGNED_DONE_RIGHT_SECRET, asksThePg(PAYMENT_KEY)),
                arguments(SUCCESS, PG_UNSIGNED_DONE_WRONG_SECRET, asksThePg(PAYMENT_KEY)),
                arguments(SUCCESS, ORDER_AWAITING_DEPOSIT, rejected(UNSUPPORTED_EVENT)),
                arguments(
                        SUCCESS,
                        REFUND_PART_INTO_ACCOUNT,
                        refusesRefund(NOT_REFUNDABLE, SUCCESS, REFUND_PART_INTO_ACCOUNT)),
                // AWAITING_DEPOSIT (virtual account issued with its secret, paymentKey recorded): only the PG's
                // verified word on the payment, or the deposit deadline, decides; browser events are past
                arguments(AWAITING_DEPOSIT, ISSUED_SAME_CONTENT, duplicate(Duplicate.SAME_ORDER)),
                arguments(AWAITING_DEPOSIT, ISSUED_CONFLICTING_CONTENT, rejected(CONFLICTING_REISSUE)),
                arguments(AWAITING_DEPOSIT, CHECKOUT_GOOD_TOKEN, rejected(INVALID_TRANSITION)),
                arguments(AWAITING_DEPOSIT, CHECKOUT_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(AWAITING_DEPOSIT, CHECKOUT_MISSING_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(AWAITING_DEPOSIT, SUCCESS_RIGHT_AMOUNT, duplicate(Duplicate.SAME_STATE)),
                arguments(AWAITING_DEPOSIT, SUCCESS_WRONG_AMOUNT, duplicate(Duplicate.SAME_STATE)),
                arguments(AWAITING_DEPOSIT, SUCCESS_OTHER_PAYMENT_KEY, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(AWAITING_DEPOSIT, SUCCESS_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(AWAITING_DEPOSIT, FAIL_GOOD_TOKEN, rejected(INVALID_TRANSITION)),
                arguments(AWAITING_DEPOSIT, FAIL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(AWAITING_DEPOSIT, CANCEL_GOOD_TOKEN, rejected(INVALID_TRANSITION)),
                arguments(AWAITING_DEPOSIT, CANCEL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                // an approval out of turn is read from the PG (its verified DONE completes the order), never taken
                arguments(
                        AWAITING_DEPOSIT,
                        CONFIRMATION_APPROVED,
                        new Exactly(new Rejected(
                                INVALID_TRANSITION, List.of(new RequestStatusCheck(ORDER_ID, PAYMENT_KEY))))),
                arguments(AWAITING_DEPOSIT, CONFIRMATION_REJECTED, rejected(INVALID_TRANSITION)),
                arguments(AWAITING_DEPOSIT, CONFIRMATION_OTHER_PAYMENT_KEY, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(AWAITING_DEPOSIT, CONFIRMATION_AWAITING_DEPOSIT, duplicate(Duplicate.SAME_STATE)),
                // the order's expiresAt no longer counts; past the due date the account is cancelled at the PG
                arguments(AWAITING_DEPOSIT, EXPIRE_BEFORE_EXPIRES_AT, rejected(NOT_EXPIRED)),
                arguments(AWAITING_DEPOSIT, EXPIRE_AT_EXPIRES_AT, rejected(NOT_EXPIRED)),
                arguments(AWAITING_DEPOSIT, EXPIRE_AFTER_EXPIRES_AT, rejected(NOT_EXPIRED)),
                arguments(AWAITING_DEPOSIT, EXPIRE_BEFORE_DUE_DATE, rejected(NOT_EXPIRED)),
                arguments(AWAITING_DEPOSIT, EXPIRE_AT_DUE_DATE, cancelsTheUnpaidAccount()),
                arguments(AWAITING_DEPOSIT, EXPIRE_AFTER_DUE_DATE, cancelsTheUnpaidAccount()),
                arguments(AWAITING_DEPOSIT, ORDER_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                arguments(AWAITING_DEPOSIT, ORDER_ANOMALY, rejected(UNSUPPORTED_EVENT)),
                arguments(AWAITING_DEPOSIT, ORDER_AWAITING_DEPOSIT, rejected(UNSUPPORTED_EVENT)),
                arguments(AWAITING_DEPOSIT, REFUND_PART, refusesRefund(NOT_REFUNDABLE, AWAITING_DEPOSIT, REFUND_PART)),
                arguments(
                        AWAITING_DEPOSIT,
                        REFUND_WHOLE_BALANCE,
                        refusesRefund(NOT_REFUNDABLE, AWAITING_DEPOSIT, REFUND_WHOLE_BALANCE)),
                arguments(
                        AWAITING_DEPOSIT,
                        REFUND_OVER_BALANCE,
                        refusesRefund(NOT_REFUNDABLE, AWAITING_DEPOSIT, REFUND_OVER_BALANCE)),
                arguments(
                        AWAITING_DEPOSIT,
                        REFUND_PART_INTO_ACCOUNT,
                        refusesRefund(NOT_REFUNDABLE, AWAITING_DEPOSIT, REFUND_PART_INTO_ACCOUNT)),
                arguments(AWAITING_DEPOSIT, PG_REFUND_SUCCEEDED, rejected(UNKNOWN_REFUND)),
                arguments(AWAITING_DEPOSIT, REFUND_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                // the deposit (DONE) completes the order; a cancel or an expiry of the unpaid account cancels it
                arguments(AWAITING_DEPOSIT, PG_DONE_SIGNED, completes(PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(AWAITING_DEPOSIT, PG_DONE_LOOKUP, completes(PAYMENT_KEY, PG_APPROVED_AT)),
                arguments(AWAITING_DEPOSIT, PG_DONE_WRONG_AMOUNT_SIGNED, failsOnThePgsAmount(PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_DONE_WRONG_AMOUNT_LOOKUP, failsOnThePgsAmount(PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_DONE_OTHER_PAYMENT_KEY_SIGNED, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(AWAITING_DEPOSIT, PG_DONE_OTHER_PAYMENT_KEY_LOOKUP, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(AWAITING_DEPOSIT, PG_ABORTED_SIGNED, ends(OrderStatus.FAIL, "ABORTED", PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_ABORTED_LOOKUP, ends(OrderStatus.FAIL, "ABORTED", PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_EXPIRED_SIGNED, ends(OrderStatus.CANCEL, "EXPIRED", PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_EXPIRED_LOOKUP, ends(OrderStatus.CANCEL, "EXPIRED", PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_CANCELED_SIGNED, ends(OrderStatus.CANCEL, "PG_CANCELED", PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_CANCELED_LOOKUP, ends(OrderStatus.CANCEL, "PG_CANCELED", PAYMENT_KEY)),
                arguments(
                        AWAITING_DEPOSIT,
                        PG_CANCELED_AFTER_DUE_DATE_LOOKUP,
                        ends(OrderStatus.CANCEL, "DEPOSIT_EXPIRED", PAYMENT_KEY)),
                arguments(
                        AWAITING_DEPOSIT,
                        PG_PARTIAL_CANCELED_SIGNED,
                        ends(OrderStatus.CANCEL, "PG_CANCELED", PAYMENT_KEY)),
                arguments(
                        AWAITING_DEPOSIT,
                        PG_PARTIAL_CANCELED_LOOKUP,
                        ends(OrderStatus.CANCEL, "PG_CANCELED", PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_IN_PROGRESS_SIGNED, rejected(NOT_FINAL)),
                arguments(AWAITING_DEPOSIT, PG_IN_PROGRESS_LOOKUP, rejected(NOT_FINAL)),
                arguments(AWAITING_DEPOSIT, PG_WAITING_FOR_DEPOSIT_SIGNED, duplicate(Duplicate.SAME_STATE)),
                arguments(AWAITING_DEPOSIT, PG_WAITING_FOR_DEPOSIT_LOOKUP, duplicate(Duplicate.SAME_STATE)),
                // a hint must carry the account's secret to be worth a look-up
                arguments(AWAITING_DEPOSIT, PG_UNSIGNED_DONE, rejected(DEPOSIT_SECRET_MISMATCH)),
                arguments(AWAITING_DEPOSIT, PG_UNSIGNED_ABORTED, rejected(DEPOSIT_SECRET_MISMATCH)),
                arguments(AWAITING_DEPOSIT, PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY, rejected(DEPOSIT_SECRET_MISMATCH)),
                arguments(AWAITING_DEPOSIT, PG_UNSIGNED_DONE_RIGHT_SECRET, asksThePg(PAYMENT_KEY)),
                arguments(AWAITING_DEPOSIT, PG_UNSIGNED_DONE_WRONG_SECRET, rejected(DEPOSIT_SECRET_MISMATCH)),
                // FAIL (confirm refused, paymentKey recorded)
                arguments(FAIL, ISSUED_SAME_CONTENT, duplicate(Duplicate.SAME_ORDER)),
                arguments(FAIL, ISSUED_CONFLICTING_CONTENT, rejected(CONFLICTING_REISSUE)),
                arguments(FAIL, CHECKOUT_GOOD_TOKEN, rejected(LATE_EVENT)),
                arguments(FAIL, CHECKOUT_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(FAIL, CHECKOUT_MISSING_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(FAIL, SUCCESS_RIGHT_AMOUNT, rejected(LATE_EVENT)),
                arguments(FAIL, SUCCESS_WRONG_AMOUNT, rejected(LATE_EVENT)),
                arguments(FAIL, SUCCESS_OTHER_PAYMENT_KEY, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(FAIL, SUCCESS_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(FAIL, FAIL_GOOD_TOKEN, duplicate(Duplicate.SAME_STATE)),
                arguments(FAIL, FAIL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(FAIL, CANCEL_GOOD_TOKEN, rejected(LATE_EVENT)),
                arguments(FAIL, CANCEL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(FAIL, CONFIRMATION_APPROVED, approvedAfterEnd(FAIL, CONFIRMATION_APPROVED)),
                arguments(FAIL, CONFIRMATION_REJECTED, duplicate(Duplicate.SAME_STATE)),
                arguments(FAIL, CONFIRMATION_OTHER_PAYMENT_KEY, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(FAIL, EXPIRE_BEFORE_EXPIRES_AT, rejected(LATE_EVENT)),
                arguments(FAIL, EXPIRE_AT_EXPIRES_AT, rejected(LATE_EVENT)),
                arguments(FAIL, EXPIRE_AFTER_EXPIRES_AT, rejected(LATE_EVENT)),
                arguments(FAIL, ORDER_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                arguments(FAIL, ORDER_ANOMALY, rejected(UNSUPPORTED_EVENT)),
                // only a COMPLETE order is refundable: the refusal is recorded FAILED and told to the shop
                arguments(FAIL, REFUND_PART, refusesRefund(NOT_REFUNDABLE, FAIL, REFUND_PART)),
                arguments(FAIL, REFUND_WHOLE_BALANCE, refusesRefund(NOT_REFUNDABLE, FAIL, REFUND_WHOLE_BALANCE)),
                arguments(FAIL, REFUND_OVER_BALANCE, refusesRefund(NOT_REFUNDABLE, FAIL, REFUND_OVER_BALANCE)),
                arguments(FAIL, PG_REFUND_SUCCEEDED, rejected(UNKNOWN_REFUND)),
                arguments(FAIL, REFUND_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                // money that moves after a failure is an anomaly; a second abort is the state the order is in
                arguments(FAIL, PG_DONE_SIGNED, approvedAfterEnd(FAIL, PG_DONE_SIGNED)),
                arguments(FAIL, PG_DONE_LOOKUP, approvedAfterEnd(FAIL, PG_DONE_LOOKUP)),
                arguments(FAIL, PG_DONE_WRONG_AMOUNT_SIGNED, approvedAfterEnd(FAIL, PG_DONE_WRONG_AMOUNT_SIGNED)),
                arguments(FAIL, PG_DONE_WRONG_AMOUNT_LOOKUP, approvedAfterEnd(FAIL, PG_DONE_WRONG_AMOUNT_LOOKUP)),
                arguments(FAIL, PG_DONE_OTHER_PAYMENT_KEY_SIGNED, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(FAIL, PG_DONE_OTHER_PAYMENT_KEY_LOOKUP, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(FAIL, PG_ABORTED_SIGNED, duplicate(Duplicate.SAME_STATE)),
                arguments(FAIL, PG_ABORTED_LOOKUP, duplicate(Duplicate.SAME_STATE)),
                arguments(FAIL, PG_EXPIRED_SIGNED, rejected(LATE_EVENT)),
                arguments(FAIL, PG_EXPIRED_LOOKUP, rejected(LATE_EVENT)),
                arguments(FAIL, PG_CANCELED_SIGNED, rejected(LATE_EVENT)),
                arguments(FAIL, PG_CANCELED_LOOKUP, rejected(LATE_EVENT)),
                arguments(FAIL, PG_PARTIAL_CANCELED_SIGNED, rejected(LATE_EVENT)),
                arguments(FAIL, PG_PARTIAL_CANCELED_LOOKUP, rejected(LATE_EVENT)),
                arguments(FAIL, PG_IN_PROGRESS_SIGNED, rejected(NOT_FINAL)),
                arguments(FAIL, PG_IN_PROGRESS_LOOKUP, rejected(NOT_FINAL)),
                arguments(FAIL, PG_WAITING_FOR_DEPOSIT_SIGNED, rejected(NOT_FINAL)),
                arguments(FAIL, PG_WAITING_FOR_DEPOSIT_LOOKUP, rejected(NOT_FINAL)),
                arguments(FAIL, PG_UNSIGNED_DONE, asksThePg(PAYMENT_KEY)),
                arguments(FAIL, PG_UNSIGNED_ABORTED, asksThePg(PAYMENT_KEY)),
                arguments(FAIL, PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY, asksThePg(PAYMENT_KEY)),
                // an account issued after the order failed is cancelled at the PG; the order has no secret to check
                arguments(FAIL, CONFIRMATION_AWAITING_DEPOSIT, lateAccountCancelled()),
                arguments(FAIL, EXPIRE_BEFORE_DUE_DATE, rejected(LATE_EVENT)),
                arguments(FAIL, EXPIRE_AT_DUE_DATE, rejected(LATE_EVENT)),
                arguments(FAIL, EXPIRE_AFTER_DUE_DATE, rejected(LATE_EVENT)),
                arguments(FAIL, PG_CANCELED_AFTER_DUE_DATE_LOOKUP, rejected(LATE_EVENT)),
                arguments(FAIL, PG_UNSIGNED_DONE_RIGHT_SECRET, asksThePg(PAYMENT_KEY)),
                arguments(FAIL, PG_UNSIGNED_DONE_WRONG_SECRET, asksThePg(PAYMENT_KEY)),
                arguments(FAIL, ORDER_AWAITING_DEPOSIT, rejected(UNSUPPORTED_EVENT)),
                arguments(
                        FAIL, REFUND_PART_INTO_ACCOUNT, refusesRefund(NOT_REFUNDABLE, FAIL, REFUND_PART_INTO_ACCOUNT)),
                // CANCEL (buyer cancelled at the PG, no paymentKey recorded)
                arguments(CANCEL, ISSUED_SAME_CONTENT, duplicate(Duplicate.SAME_ORDER)),
                arguments(CANCEL, ISSUED_CONFLICTING_CONTENT, rejected(CONFLICTING_REISSUE)),
                arguments(CANCEL, CHECKOUT_GOOD_TOKEN, rejected(LATE_EVENT)),
                arguments(CANCEL, CHECKOUT_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(CANCEL, CHECKOUT_MISSING_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(CANCEL, SUCCESS_RIGHT_AMOUNT, rejected(LATE_EVENT)),
                arguments(CANCEL, SUCCESS_WRONG_AMOUNT, rejected(LATE_EVENT)),
                arguments(CANCEL, SUCCESS_OTHER_PAYMENT_KEY, rejected(LATE_EVENT)),
                arguments(CANCEL, SUCCESS_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(CANCEL, FAIL_GOOD_TOKEN, rejected(LATE_EVENT)),
                arguments(CANCEL, FAIL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(CANCEL, CANCEL_GOOD_TOKEN, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, CANCEL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(CANCEL, CONFIRMATION_APPROVED, approvedAfterEnd(CANCEL, CONFIRMATION_APPROVED)),
                arguments(CANCEL, CONFIRMATION_REJECTED, rejected(LATE_EVENT)),
                arguments(
                        CANCEL,
                        CONFIRMATION_OTHER_PAYMENT_KEY,
                        approvedAfterEnd(CANCEL, CONFIRMATION_OTHER_PAYMENT_KEY)),
                arguments(CANCEL, EXPIRE_BEFORE_EXPIRES_AT, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, EXPIRE_AT_EXPIRES_AT, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, EXPIRE_AFTER_EXPIRES_AT, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, ORDER_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                arguments(CANCEL, ORDER_ANOMALY, rejected(UNSUPPORTED_EVENT)),
                // only a COMPLETE order is refundable: the refusal is recorded FAILED and told to the shop
                arguments(CANCEL, REFUND_PART, refusesRefund(NOT_REFUNDABLE, CANCEL, REFUND_PART)),
                arguments(CANCEL, REFUND_WHOLE_BALANCE, refusesRefund(NOT_REFUNDABLE, CANCEL, REFUND_WHOLE_BALANCE)),
                arguments(CANCEL, REFUND_OVER_BALANCE, refusesRefund(NOT_REFUNDABLE, CANCEL, REFUND_OVER_BALANCE)),
                arguments(CANCEL, PG_REFUND_SUCCEEDED, rejected(UNKNOWN_REFUND)),
                arguments(CANCEL, REFUND_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                // no paymentKey recorded, so any paymentKey is judged on the status alone: an approval is an anomaly
                arguments(CANCEL, PG_DONE_SIGNED, approvedAfterEnd(CANCEL, PG_DONE_SIGNED)),
                arguments(CANCEL, PG_DONE_LOOKUP, approvedAfterEnd(CANCEL, PG_DONE_LOOKUP)),
                arguments(CANCEL, PG_DONE_WRONG_AMOUNT_SIGNED, approvedAfterEnd(CANCEL, PG_DONE_WRONG_AMOUNT_SIGNED)),
                arguments(CANCEL, PG_DONE_WRONG_AMOUNT_LOOKUP, approvedAfterEnd(CANCEL, PG_DONE_WRONG_AMOUNT_LOOKUP)),
                arguments(
                        CANCEL,
                        PG_DONE_OTHER_PAYMENT_KEY_SIGNED,
                        approvedAfterEnd(CANCEL, PG_DONE_OTHER_PAYMENT_KEY_SIGNED)),
                arguments(
                        CANCEL,
                        PG_DONE_OTHER_PAYMENT_KEY_LOOKUP,
                        approvedAfterEnd(CANCEL, PG_DONE_OTHER_PAYMENT_KEY_LOOKUP)),
                arguments(CANCEL, PG_ABORTED_SIGNED, rejected(LATE_EVENT)),
                arguments(CANCEL, PG_ABORTED_LOOKUP, rejected(LATE_EVENT)),
                arguments(CANCEL, PG_EXPIRED_SIGNED, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, PG_EXPIRED_LOOKUP, duplicate(Duplicate.SAME_STATE)),
                // our own cancel of an account (the deadline's) answers CANCELED: what the order says already
                arguments(CANCEL, PG_CANCELED_SIGNED, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, PG_CANCELED_LOOKUP, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, PG_PARTIAL_CANCELED_SIGNED, rejected(LATE_EVENT)),
                arguments(CANCEL, PG_PARTIAL_CANCELED_LOOKUP, rejected(LATE_EVENT)),
                arguments(CANCEL, PG_IN_PROGRESS_SIGNED, rejected(NOT_FINAL)),
                arguments(CANCEL, PG_IN_PROGRESS_LOOKUP, rejected(NOT_FINAL)),
                arguments(CANCEL, PG_WAITING_FOR_DEPOSIT_SIGNED, rejected(NOT_FINAL)),
                arguments(CANCEL, PG_WAITING_FOR_DEPOSIT_LOOKUP, rejected(NOT_FINAL)),
                arguments(CANCEL, PG_UNSIGNED_DONE, asksThePg(null)),
                arguments(CANCEL, PG_UNSIGNED_ABORTED, asksThePg(null)),
                arguments(CANCEL, PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY, asksThePg(null)),
                // the same for a cancelled order; a full cancel at the PG is what the order says already
                arguments(CANCEL, CONFIRMATION_AWAITING_DEPOSIT, lateAccountCancelled()),
                arguments(CANCEL, EXPIRE_BEFORE_DUE_DATE, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, EXPIRE_AT_DUE_DATE, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, EXPIRE_AFTER_DUE_DATE, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, PG_CANCELED_AFTER_DUE_DATE_LOOKUP, duplicate(Duplicate.SAME_STATE)),
                arguments(CANCEL, PG_UNSIGNED_DONE_RIGHT_SECRET, asksThePg(null)),
                arguments(CANCEL, PG_UNSIGNED_DONE_WRONG_SECRET, asksThePg(null)),
                arguments(CANCEL, ORDER_AWAITING_DEPOSIT, rejected(UNSUPPORTED_EVENT)),
                arguments(
                        CANCEL,
                        REFUND_PART_INTO_ACCOUNT,
                        refusesRefund(NOT_REFUNDABLE, CANCEL, REFUND_PART_INTO_ACCOUNT)),
                // COMPLETE (paymentKey recorded)
                arguments(COMPLETE, ISSUED_SAME_CONTENT, duplicate(Duplicate.SAME_ORDER)),
                arguments(COMPLETE, ISSUED_CONFLICTING_CONTENT, rejected(CONFLICTING_REISSUE)),
                arguments(COMPLETE, CHECKOUT_GOOD_TOKEN, rejected(LATE_EVENT)),
                arguments(COMPLETE, CHECKOUT_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(COMPLETE, CHECKOUT_MISSING_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(COMPLETE, SUCCESS_RIGHT_AMOUNT, duplicate(Duplicate.SAME_STATE)),
                arguments(COMPLETE, SUCCESS_WRONG_AMOUNT, duplicate(Duplicate.SAME_STATE)),
                arguments(COMPLETE, SUCCESS_OTHER_PAYMENT_KEY, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(COMPLETE, SUCCESS_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(COMPLETE, FAIL_GOOD_TOKEN, rejected(LATE_EVENT)),
                arguments(COMPLETE, FAIL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(COMPLETE, CANCEL_GOOD_TOKEN, rejected(LATE_EVENT)),
                arguments(COMPLETE, CANCEL_WRONG_TOKEN, rejected(TOKEN_MISMATCH)),
                arguments(COMPLETE, CONFIRMATION_APPROVED, duplicate(Duplicate.SAME_STATE)),
                arguments(COMPLETE, CONFIRMATION_REJECTED, rejected(LATE_EVENT)),
                arguments(COMPLETE, CONFIRMATION_OTHER_PAYMENT_KEY, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(COMPLETE, EXPIRE_BEFORE_EXPIRES_AT, rejected(LATE_EVENT)),
                arguments(COMPLETE, EXPIRE_AT_EXPIRES_AT, rejected(LATE_EVENT)),
                arguments(COMPLETE, EXPIRE_AFTER_EXPIRES_AT, rejected(LATE_EVENT)),
                arguments(COMPLETE, ORDER_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                arguments(COMPLETE, ORDER_ANOMALY, rejected(UNSUPPORTED_EVENT)),
                // a refund within the balance is recorded REQUESTED and cancelled at the PG; beyond it, refused
                arguments(COMPLETE, REFUND_PART, requestsRefundOf(OrderEvents.PART_OF_AMOUNT)),
                arguments(COMPLETE, REFUND_WHOLE_BALANCE, requestsRefundOf(AMOUNT)),
                arguments(
                        COMPLETE,
                        REFUND_OVER_BALANCE,
                        refusesRefund(REFUND_EXCEEDS_BALANCE, COMPLETE, REFUND_OVER_BALANCE)),
                arguments(COMPLETE, PG_REFUND_SUCCEEDED, rejected(UNKNOWN_REFUND)),
                arguments(COMPLETE, REFUND_COMPLETED, rejected(UNSUPPORTED_EVENT)),
                // DONE again is the state the order is in; money that moves otherwise is an anomaly, the rest is late
                arguments(COMPLETE, PG_DONE_SIGNED, duplicate(Duplicate.SAME_STATE)),
                arguments(COMPLETE, PG_DONE_LOOKUP, duplicate(Duplicate.SAME_STATE)),
                arguments(
                        COMPLETE,
                        PG_DONE_WRONG_AMOUNT_SIGNED,
                        reports(
                                PG_AMOUNT_MISMATCH,
                                MoneyAnomaly.PG_AMOUNT_MISMATCH,
                                COMPLETE,
                                PG_DONE_WRONG_AMOUNT_SIGNED)),
                arguments(
                        COMPLETE,
                        PG_DONE_WRONG_AMOUNT_LOOKUP,
                        reports(
                                PG_AMOUNT_MISMATCH,
                                MoneyAnomaly.PG_AMOUNT_MISMATCH,
                                COMPLETE,
                                PG_DONE_WRONG_AMOUNT_LOOKUP)),
                arguments(COMPLETE, PG_DONE_OTHER_PAYMENT_KEY_SIGNED, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(COMPLETE, PG_DONE_OTHER_PAYMENT_KEY_LOOKUP, rejected(PAYMENT_KEY_MISMATCH)),
                arguments(COMPLETE, PG_ABORTED_SIGNED, rejected(LATE_EVENT)),
                arguments(COMPLETE, PG_ABORTED_LOOKUP, rejected(LATE_EVENT)),
                arguments(COMPLETE, PG_EXPIRED_SIGNED, rejected(LATE_EVENT)),
                arguments(COMPLETE, PG_EXPIRED_LOOKUP, rejected(LATE_EVENT)),
                arguments(COMPLETE, PG_CANCELED_SIGNED, canceledAtPg(PG_CANCELED_SIGNED)),
                arguments(COMPLETE, PG_CANCELED_LOOKUP, canceledAtPg(PG_CANCELED_LOOKUP)),
                arguments(COMPLETE, PG_PARTIAL_CANCELED_SIGNED, canceledAtPg(PG_PARTIAL_CANCELED_SIGNED)),
                arguments(COMPLETE, PG_PARTIAL_CANCELED_LOOKUP, canceledAtPg(PG_PARTIAL_CANCELED_LOOKUP)),
                arguments(COMPLETE, PG_IN_PROGRESS_SIGNED, rejected(NOT_FINAL)),
                arguments(COMPLETE, PG_IN_PROGRESS_LOOKUP, rejected(NOT_FINAL)),
                arguments(
                        COMPLETE,
                        PG_WAITING_FOR_DEPOSIT_SIGNED,
                        reports(
                                DEPOSIT_REVERSED,
                                MoneyAnomaly.DEPOSIT_REVERSED,
                                COMPLETE,
                                PG_WAITING_FOR_DEPOSIT_SIGNED)),
                arguments(
                        COMPLETE,
                        PG_WAITING_FOR_DEPOSIT_LOOKUP,
                        reports(
                                DEPOSIT_REVERSED,
                                MoneyAnomaly.DEPOSIT_REVERSED,
                                COMPLETE,
                                PG_WAITING_FOR_DEPOSIT_LOOKUP)),
                arguments(COMPLETE, PG_UNSIGNED_DONE, asksThePg(PAYMENT_KEY)),
                arguments(COMPLETE, PG_UNSIGNED_ABORTED, asksThePg(PAYMENT_KEY)),
                arguments(COMPLETE, PG_UNSIGNED_DONE_OTHER_PAYMENT_KEY, asksThePg(PAYMENT_KEY)),
                // a paid (card) order: a stale account answer cancels nothing; its refund needs no account
                arguments(COMPLETE, CONFIRMATION_AWAITING_DEPOSIT, rejected(LATE_EVENT)),
                arguments(COMPLETE, EXPIRE_BEFORE_DUE_DATE, rejected(LATE_EVENT)),
                arguments(COMPLETE, EXPIRE_AT_DUE_DATE, rejected(LATE_EVENT)),
                arguments(COMPLETE, EXPIRE_AFTER_DUE_DATE, rejected(LATE_EVENT)),
                arguments(COMPLETE, PG_CANCELED_AFTER_DUE_DATE_LOOKUP, canceledAtPg(PG_CANCELED_AFTER_DUE_DATE_LOOKUP)),
                arguments(COMPLETE, PG_UNSIGNED_DONE_RIGHT_SECRET, asksThePg(PAYMENT_KEY)),
                arguments(COMPLETE, PG_UNSIGNED_DONE_WRONG_SECRET, asksThePg(PAYMENT_KEY)),
                arguments(COMPLETE, ORDER_AWAITING_DEPOSIT, rejected(UNSUPPORTED_EVENT)),
                arguments(COMPLETE, REFUND_PART_INTO_ACCOUNT, requestsRefundOf(OrderEvents.PART_OF_AMOUNT)));
    }

    @ParameterizedTest(name = "{0} + {1} → {2}")
    @MethodSource("table")
    void decidesExactlyAsTheContractTableSays(StartingState state, EventKind kind, Expected expected) {
        Order before = state.order();
        EventData event = kind.data();

        Decision decision = decideAt(before, event, kind.now);

        switch (expected) {
            case Exactly exactly -> assertThat(decision).isEqualTo(exactly.decision());
            case Moves moves -> assertMoves(decision, moves, before, event);
        }
        assertEffectInvariants(decision, event, before);
    }

    /**
     * What holds for every row, whatever the table says: a completion record exactly when a terminal state is entered,
     * a PG status check only for an unsigned webhook, and never a confirm for the PG's own word on a payment.
     */
    private static void assertEffectInvariants(Decision decision, EventData event, Order before) {
        List<Effect> effects =
                switch (decision) {
                    case Applied a -> a.effects();
                    case Rejected r -> r.effects();
                    case Duplicate d -> List.of();
                    case Parked p -> List.of();
                };
        boolean entersTerminalState = decision instanceof Applied a
                && a.order().status().isTerminal()
                && (before == null || before.status() != a.order().status());
        assertThat(effects.stream().filter(PublishCompletion.class::isInstance))
                .as("one completion record exactly when a terminal state is entered")
                .hasSize(entersTerminalState ? 1 : 0);
        if (effects.stream().anyMatch(RequestStatusCheck.class::isInstance)) {
            if (event instanceof PgConfirmation confirmation) {
                assertThat(confirmation.approved() && before.status() == OrderStatus.AWAITING_DEPOSIT)
                        .as("a confirmation asks the PG only when it approves an order awaiting a deposit")
                        .isTrue();
            } else {
                assertThat(event)
                        .as("a PG status check only for an unverified PG status")
                        .isInstanceOfSatisfying(PgStatus.class, status -> assertThat(status.verified())
                                .isFalse());
            }
            assertThat(decision).as("a status check changes nothing").isInstanceOf(Rejected.class);
        }
        boolean entersAwaitingDeposit = decision instanceof Applied a
                && a.order().status() == OrderStatus.AWAITING_DEPOSIT
                && (before == null || before.status() != OrderStatus.AWAITING_DEPOSIT);
        assertThat(effects.stream().filter(PublishAwaitingDeposit.class::isInstance))
                .as("one awaiting-deposit record exactly when AWAITING_DEPOSIT is entered")
                .hasSize(entersAwaitingDeposit ? 1 : 0);
        if (effects.stream().anyMatch(RequestDepositCancel.class::isInstance)) {
            assertThat(event)
                    .as("an account is cancelled at the PG for its deadline, or when issued for an ended order")
                    .isInstanceOfAny(OrderExpire.class, PgConfirmation.class);
        }
        if (event instanceof PgStatus) {
            assertThat(effects)
                    .as("the PG's word on a payment never asks for a confirm")
                    .noneMatch(RequestConfirm.class::isInstance);
        }
        String reason =
                switch (decision) {
                    case Applied a -> a.reason();
                    case Rejected r -> r.reason().name();
                    case Duplicate d -> d.reason();
                    case Parked p -> null;
                };
        List<String> anomalyNamedByTheReason = Arrays.stream(MoneyAnomaly.values())
                .map(MoneyAnomaly::name)
                .filter(name -> name.equals(reason))
                .toList();
        assertThat(effects.stream()
                        .filter(ReportMoneyAnomaly.class::isInstance)
                        .map(e -> ((ReportMoneyAnomaly) e).anomaly().name()))
                .as("one money anomaly reported exactly when the decision's reason names it")
                .containsExactlyElementsOf(anomalyNamedByTheReason);
        if (!anomalyNamedByTheReason.isEmpty() && decision instanceof Applied a) {
            assertThat(a.order().status())
                    .as("a money anomaly never completes an order")
                    .isNotEqualTo(OrderStatus.COMPLETE);
        }
    }

    @Test
    void tableSpecifiesEveryStateAgainstEveryEventKindExactlyOnce() {
        assertThat(Arrays.stream(StartingState.values()).map(s -> s.status).filter(Objects::nonNull))
                .as("a starting state for every OrderStatus")
                .containsExactlyInAnyOrder(OrderStatus.values());
        assertThat(Arrays.stream(StartingState.values()).filter(s -> s.status == null))
                .as("exactly one starting state for an order not issued yet")
                .hasSize(1);
        assertThat(Arrays.stream(EventKind.values())
                        .map(k -> EventType.of(k.data()))
                        .distinct())
                .as("an event kind for every event type of the contract")
                .containsExactlyInAnyOrder(EventType.values());
        assertThat(Arrays.stream(EventKind.values())
                        .map(EventKind::data)
                        .filter(PgResult.class::isInstance)
                        .map(d -> ((PgResult) d).outcome())
                        .distinct())
                .as("an event kind for every PG outcome")
                .containsExactlyInAnyOrder(PgResult.Outcome.values());
        assertThat(Arrays.stream(EventKind.values())
                        .map(EventKind::data)
                        .filter(PgConfirmation.class::isInstance)
                        .map(d -> ((PgConfirmation) d).approved())
                        .distinct())
                .as("an approved and a rejected confirmation")
                .containsExactlyInAnyOrder(true, false);
        assertEveryVerificationHasItsRows();
        assertThat(table().map(row -> row.get()[2])
                        .filter(Exactly.class::isInstance)
                        .map(e -> ((Exactly) e).decision())
                        .filter(Rejected.class::isInstance)
                        .map(r -> ((Rejected) r).reason())
                        .distinct())
                .as("a row for every rejection the state machine can decide")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Rejection.values())
                        .filter(r -> !DECIDED_OUTSIDE_THE_STATE_MACHINE.contains(r))
                        .filter(r -> r != UNAUTHENTICATED_EVENT)
                        // needs an order with a refund recorded under the refundId: see Refunds
                        .filter(r -> r != CONFLICTING_REFUND)
                        // needs an order a virtual account's deposit completed: see VirtualAccounts
                        .filter(r -> r != REFUND_ACCOUNT_REQUIRED)
                        .toList());

        List<String> specified =
                table().map(row -> row.get()[0] + " + " + row.get()[1]).toList();
        List<String> required = Arrays.stream(StartingState.values())
                .flatMap(s -> Arrays.stream(EventKind.values()).map(k -> s + " + " + k))
                .toList();
        assertThat(specified)
                .as("every (state × event kind) pair specified once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(required);
    }

    /**
     * UNKNOWN_ORDER is decided by the parked-event expiry (the park TTL), EVENT_ID_REUSED by the consumer's event-id
     * log, never by {@link OrderStateMachine}. (UNAUTHENTICATED_EVENT is the state machine's, but the table's events
     * are all genuine: {@link Authentication} walks every pair without proof.)
     */
    static final Set<Rejection> DECIDED_OUTSIDE_THE_STATE_MACHINE = EnumSet.of(UNKNOWN_ORDER, EVENT_ID_REUSED);

    /** The PG statuses every verified kind of payment.pg.status must be specified for, and the not-final example. */
    static final Set<String> PG_STATUSES_SPECIFIED = Set.of(
            "DONE",
            "DONE for another amount",
            "DONE for another paymentKey",
            "ABORTED",
            "EXPIRED",
            "CANCELED",
            "PARTIAL_CANCELED",
            "IN_PROGRESS",
            "WAITING_FOR_DEPOSIT");

    /**
     * Every {@link PgStatus.Verification} has event kinds: every verified one (signature, look-up, or one added later)
     * one for each PG status that matters, every unverified one a DONE for the recorded and for another paymentKey.
     */
    private static void assertEveryVerificationHasItsRows() {
        Map<PgStatus.Verification, Set<String>> statusesByVerification = Arrays.stream(EventKind.values())
                .map(EventKind::data)
                .filter(PgStatus.class::isInstance)
                .map(PgStatus.class::cast)
                .collect(Collectors.groupingBy(
                        PgStatus::verification,
                        Collectors.mapping(OrderStateMachineTest::variant, Collectors.toSet())));
        assertThat(statusesByVerification.keySet())
                .as("event kinds for every PG status verification")
                .containsExactlyInAnyOrder(PgStatus.Verification.values());
        statusesByVerification.forEach((verification, statuses) -> {
            if (new PgStatus(ORDER_ID, PAYMENT_KEY, "DONE", AMOUNT, null, verification, null).verified()) {
                assertThat(statuses)
                        .as("every PG status that matters, verified by %s", verification)
                        .containsExactlyInAnyOrderElementsOf(PG_STATUSES_SPECIFIED);
            } else {
                assertThat(statuses)
                        .as("an unverified DONE (%s) for the recorded and for another paymentKey", verification)
                        .contains("DONE", "DONE for another paymentKey");
            }
        });
    }

    private static String variant(PgStatus status) {
        if (!PAYMENT_KEY.equals(status.paymentKey())) {
            return status.status() + " for another paymentKey";
        }
        if (!Objects.equals(status.totalAmount(), AMOUNT)) {
            return status.status() + " for another amount";
        }
        return status.status();
    }

    @ParameterizedTest
    @EnumSource(StartingState.class)
    void everyStartingStateIsReachedThroughRealTransitions(StartingState state) {
        Order order = state.order();

        if (state.status == null) {
            assertThat(order).isNull();
        } else {
            assertThat(order.status()).isEqualTo(state.status);
            assertThat(order.orderId()).isEqualTo(ORDER_ID);
        }
    }

    private static void assertMoves(Decision decision, Moves expected, Order before, EventData event) {
        Applied applied = applied(decision);
        Order next = applied.order();

        assertThat(next.status()).as("status").isEqualTo(expected.status());
        assertThat(next.reason()).as("reason").isEqualTo(expected.reason());
        assertThat(next.paymentKey()).as("paymentKey").isEqualTo(expected.paymentKey());
        assertThat(next.approvedAt()).as("approvedAt").isEqualTo(expected.approvedAt());
        assertThat(applied.reason())
                .as("the timeline's reason")
                .isEqualTo(expected.note() != null ? expected.note() : expected.reason());
        assertKeepsIdentity(next, before, event);
        assertThat(expected.effects() == Effects.COMPLETION || expected.effects() == Effects.COMPLETION_AND_ANOMALY)
                .as("the table expects a completion record exactly for a terminal state entered")
                .isEqualTo(expected.status().isTerminal() && (before == null || before.status() != expected.status()));

        switch (expected.effects()) {
            case NONE -> assertThat(applied.effects()).isEmpty();
            case CONFIRM ->
                assertThat(applied.effects())
                        .containsExactly(new RequestConfirm(ORDER_ID, expected.paymentKey(), AMOUNT));
            case COMPLETION -> {
                assertThat(expected.status().isTerminal())
                        .as("completion only on a terminal state")
                        .isTrue();
                assertThat(applied.effects()).containsExactly(new PublishCompletion(next));
            }
            case COMPLETION_AND_ANOMALY -> {
                PgStatus status = (PgStatus) event;
                MoneyAnomaly anomaly = MoneyAnomaly.valueOf(expected.reason());
                assertThat(applied.effects())
                        .containsExactly(
                                new PublishCompletion(next),
                                new ReportMoneyAnomaly(
                                        anomaly, next, status.paymentKey(), status.status(), status.totalAmount()),
                                new SaveRefund(ORDER_ID, giveBack(status.paymentKey(), status.totalAmount(), anomaly)),
                                new RequestRefund(
                                        ORDER_ID,
                                        OrderStateMachine.giveBackId(status.paymentKey()),
                                        status.paymentKey(),
                                        status.totalAmount(),
                                        anomaly.name()));
            }
            case AWAITING_DEPOSIT_RECORD -> {
                assertThat(applied.effects()).containsExactly(new PublishAwaitingDeposit(next));
                assertThat(next)
                        .extracting(Order::method, Order::virtualAccount, Order::depositSecretHash)
                        .containsExactly(OrderEvents.VIRTUAL_ACCOUNT, ACCOUNT, DEPOSIT_SECRET_HASH);
            }
            case DEPOSIT_CANCEL -> {
                assertThat(applied.effects()).containsExactly(new RequestDepositCancel(ORDER_ID, PAYMENT_KEY));
                assertThat(next).as("the order is left as it is").isEqualTo(before);
            }
            case REFUND -> {
                RefundRequested request = (RefundRequested) event;
                long amount = request.amount() == null ? before.refundableBalance() : request.amount();
                Refund refund = Refund.requested(request, "evt-" + ORDER_ID, amount, PAYMENT_KEY, NOW);
                assertThat(applied.effects())
                        .containsExactly(
                                new SaveRefund(ORDER_ID, refund),
                                new RequestRefund(ORDER_ID, request.refundId(), PAYMENT_KEY, amount, request.reason()));
                assertThat(next.refund(request.refundId())).isEqualTo(refund);
            }
        }
    }

    /** A transition never rewrites what the order is: who, how much, in what, for which token, until when. */
    private static void assertKeepsIdentity(Order next, Order before, EventData event) {
        if (before == null) {
            OrderIssued issued = (OrderIssued) event;
            assertThat(next)
                    .extracting(
                            Order::orderId,
                            Order::amount,
                            Order::currency,
                            Order::orderName,
                            Order::tokenHash,
                            Order::expiresAt)
                    .containsExactly(
                            issued.orderId(),
                            issued.amount(),
                            issued.currency(),
                            issued.orderName(),
                            issued.tokenHash(),
                            issued.expiresAt());
            return;
        }
        assertThat(next)
                .usingRecursiveComparison()
                .comparingOnlyFields(
                        "orderId",
                        "amount",
                        "currency",
                        "orderName",
                        "tokenHash",
                        "customerName",
                        "customerEmail",
                        "expiresAt")
                .isEqualTo(before);
        if (!(event instanceof PgConfirmation confirmation && confirmation.awaitsDeposit())) {
            assertThat(next)
                    .as("the payment method and the virtual account are named only by the confirm's answer")
                    .usingRecursiveComparison()
                    .comparingOnlyFields("method", "virtualAccount", "depositSecretHash")
                    .isEqualTo(before);
        }
    }

    /** The decision must be a transition; returns it for further assertions. */
    private static Applied applied(Decision decision) {
        assertThat(decision).isInstanceOf(Applied.class);
        return (Applied) decision;
    }

    /** {@code event} as genuine: a worker's own event with a valid proof, written and decided at {@link OrderEvents#NOW}. */
    private static Decision decide(Order order, EventData event) {
        return decideAt(order, event, NOW);
    }

    /** {@code event} as genuine, written and decided at {@code now}. */
    private static Decision decideAt(Order order, EventData event, Instant now) {
        return OrderStateMachine.decide(order, OrderEvents.envelope(event, now), true, now);
    }

    /** Every (state × event kind) pair, decided as the table's but with no valid worker proof. */
    static Stream<Arguments> everyPair() {
        return Arrays.stream(StartingState.values())
                .flatMap(state -> Arrays.stream(EventKind.values()).map(kind -> arguments(state, kind)));
    }

    @Nested
    class Authentication {

        @ParameterizedTest(name = "{0} + {1} without proof")
        @MethodSource("dev.payments.worker.order.OrderStateMachineTest#everyPair")
        void theWorkersOwnWordWithoutProofIsRefusedInEveryStateAndAnythingElseIsDecidedAsIfProven(
                StartingState state, EventKind kind) {
            Order before = state.order();
            EventData event = kind.data();

            Decision unproven =
                    OrderStateMachine.decide(before, OrderEvents.envelope(event, kind.now), false, kind.now);

            if (WorkerEventProof.requiredFor(event)) {
                assertThat(unproven)
                        .as("not parked, not a duplicate, no follow-up: refused")
                        .isEqualTo(new Rejected(UNAUTHENTICATED_EVENT));
            } else {
                assertThat(unproven)
                        .as("a shop's, the edge's or a hint: a worker's proof changes nothing")
                        .isEqualTo(decideAt(before, event, kind.now));
            }
        }

        @Test
        void theKindsWithoutProofCoverEveryTypeThatNeedsIt() {
            assertThat(Arrays.stream(EventKind.values())
                            .map(EventKind::data)
                            .filter(WorkerEventProof::requiredFor)
                            .map(data -> data instanceof PgStatus status
                                    ? EventType.of(data).type() + " " + status.verification()
                                    : EventType.of(data).type())
                            .distinct())
                    .containsExactlyInAnyOrder(
                            "payment.pg.confirmation",
                            "payment.pg.refund",
                            "payment.order.expire",
                            "payment.pg.status SIGNATURE",
                            "payment.pg.status LOOKUP");
        }

        @Test
        void aForgedApprovalForAnOrderThatIsNotIssuedYetIsRefusedNotParked() {
            assertThat(OrderStateMachine.decide(
                            null, OrderEvents.envelope(OrderEvents.approval(PAYMENT_KEY), NOW), false, NOW))
                    .isEqualTo(new Rejected(UNAUTHENTICATED_EVENT));
        }
    }

    @Nested
    class LaggingClock {

        /** A consumer whose clock is a minute behind the database's when the sweeper found the order expired. */
        static final Instant LAGGING_NOW = EXPIRES_AT.minusSeconds(60);

        @Test
        void anAuthenticatedExpiryStampedAfterExpiresAtCancelsWhateverTheConsumersClockSays() {
            Decision decision = OrderStateMachine.decide(
                    OrderMother.inProgress(),
                    OrderEvents.envelope(OrderEvents.expire(), EXPIRES_AT.plusSeconds(1)),
                    true,
                    LAGGING_NOW);

            assertThat(applied(decision).order().status()).isEqualTo(OrderStatus.CANCEL);
            assertThat(applied(decision).order().reason()).isEqualTo("EXPIRED");
        }

        @Test
        void anExpiryStampedBeforeExpiresAtIsStillRefusedOnALaggingClock() {
            assertThat(OrderStateMachine.decide(
                            OrderMother.inProgress(),
                            OrderEvents.envelope(OrderEvents.expire(), EXPIRES_AT.minusMillis(1)),
                            true,
                            LAGGING_NOW))
                    .isEqualTo(new Rejected(NOT_EXPIRED));
        }

        @Test
        void anExpiryStampedLongAgoIsJudgedByTheConsumersClock() {
            assertThat(OrderStateMachine.decide(
                            OrderMother.inProgress(),
                            OrderEvents.envelope(OrderEvents.expire(), EXPIRES_AT.minusSeconds(3600)),
                            true,
                            EXPIRES_AT))
                    .isInstanceOf(Applied.class);
        }

        @Test
        void anExpiryStampedInTheFutureWithoutProofEndsNothing() {
            assertThat(OrderStateMachine.decide(
                            OrderMother.inProgress(),
                            OrderEvents.envelope(OrderEvents.expire(), EXPIRES_AT.plusSeconds(3600)),
                            false,
                            LAGGING_NOW))
                    .isEqualTo(new Rejected(UNAUTHENTICATED_EVENT));
        }
    }

    @Nested
    class Verification {

        @Test
        void rejectsCallbackWithWrongToken() {
            Decision decision =
                    decide(OrderMother.inProgress(), OrderEvents.successRedirect(WRONG_TOKEN, PAYMENT_KEY, AMOUNT));

            assertThat(decision).isEqualTo(new Rejected(TOKEN_MISMATCH));
        }

        @Test
        void rejectsCheckoutWithoutToken() {
            assertThat(decide(OrderMother.issued(), OrderEvents.checkoutStarted(null)))
                    .isEqualTo(new Rejected(TOKEN_MISMATCH));
        }

        @Test
        void wrongTokenIsCheckedBeforeTerminalState() {
            assertThat(decide(OrderMother.completed(), OrderEvents.failure(WRONG_TOKEN, CARD_COMPANY_REFUSED)))
                    .as("a forged failure on a completed order is a token problem, not a late event")
                    .isEqualTo(new Rejected(TOKEN_MISMATCH));
            assertThat(decide(OrderMother.expired(), OrderEvents.successRedirect(WRONG_TOKEN, PAYMENT_KEY, AMOUNT)))
                    .isEqualTo(new Rejected(TOKEN_MISMATCH));
        }

        @Test
        void verifiedSuccessAsksToConfirmTheOrdersOwnAmount() {
            Decision decision = decide(OrderMother.inProgress(), OrderEvents.successRedirect());

            Applied applied = applied(decision);
            assertThat(applied.order().status()).isEqualTo(OrderStatus.SUCCESS);
            assertThat(applied.order().paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(applied.effects()).containsExactly(new RequestConfirm(ORDER_ID, PAYMENT_KEY, AMOUNT));
        }

        @Test
        void successWithoutCheckoutIsStillAccepted() {
            Applied applied = applied(decide(OrderMother.issued(), OrderEvents.successRedirect()));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.SUCCESS);
            assertThat(applied.effects()).containsExactly(new RequestConfirm(ORDER_ID, PAYMENT_KEY, AMOUNT));
        }

        @Test
        void tamperedAmountFailsWithoutConfirm() {
            Decision decision =
                    decide(OrderMother.inProgress(), OrderEvents.successRedirect(TOKEN, PAYMENT_KEY, TAMPERED_AMOUNT));

            Applied applied = applied(decision);
            assertThat(applied.order().status()).isEqualTo(OrderStatus.FAIL);
            assertThat(applied.order().reason()).isEqualTo("AMOUNT_MISMATCH");
            assertThat(applied.order().amount())
                    .as("the order keeps its own amount")
                    .isEqualTo(AMOUNT);
            assertThat(applied.order().paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(applied.effects())
                    .containsExactly(new PublishCompletion(applied.order()))
                    .noneMatch(RequestConfirm.class::isInstance);
        }

        @Test
        void successWithoutAmountFailsAsAmountMismatch() {
            PgResult noAmount = new PgResult(
                    ORDER_ID, PgResult.Outcome.SUCCESS, TOKEN, PgResult.Channel.WEBHOOK, PAYMENT_KEY, null, null, null);

            Applied applied = applied(decide(OrderMother.inProgress(), noAmount));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.FAIL);
            assertThat(applied.order().reason()).isEqualTo("AMOUNT_MISMATCH");
            assertThat(applied.effects()).noneMatch(RequestConfirm.class::isInstance);
        }

        @Test
        void successWithAnotherPaymentKeyThanTheRecordedOneIsRefused() {
            assertThat(decide(OrderMother.succeeded(), OrderEvents.successWebhook(OTHER_PAYMENT_KEY)))
                    .isEqualTo(new Rejected(PAYMENT_KEY_MISMATCH));
        }

        @Test
        void confirmationForAnotherPaymentKeyIsRefused() {
            assertThat(decide(OrderMother.succeeded(), OrderEvents.approval(OTHER_PAYMENT_KEY)))
                    .isEqualTo(new Rejected(PAYMENT_KEY_MISMATCH));
        }

        @Test
        void confirmationBeforeAnySuccessIsRefused() {
            assertThat(decide(OrderMother.inProgress(), OrderEvents.approval(PAYMENT_KEY)))
                    .isEqualTo(new Rejected(INVALID_TRANSITION));
        }
    }

    @Nested
    class Idempotency {

        @Test
        void secondSuccessRedirectIsDuplicateAndAsksForNoSecondConfirm() {
            assertThat(decide(OrderMother.succeeded(), OrderEvents.successRedirect()))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void webhookAfterRedirectIsDuplicate() {
            assertThat(decide(OrderMother.succeeded(), OrderEvents.successWebhook(PAYMENT_KEY)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void webhookAfterCompletionIsDuplicate() {
            assertThat(decide(OrderMother.completed(), OrderEvents.successWebhook(PAYMENT_KEY)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void secondApprovalIsDuplicateAndPublishesNoSecondCompletion() {
            assertThat(decide(OrderMother.completed(), OrderEvents.approval(PAYMENT_KEY)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void reopenedPaymentWindowIsDuplicate() {
            assertThat(decide(OrderMother.inProgress(), OrderEvents.checkoutStarted()))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void repeatedFailureIsDuplicate() {
            assertThat(decide(OrderMother.failedAtPg(), OrderEvents.failure(TOKEN, CARD_COMPANY_REFUSED)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void expiryOfAnExpiredOrderIsDuplicate() {
            assertThat(decideAt(OrderMother.expired(), OrderEvents.expire(), EXPIRES_AT.plusSeconds(60)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }
    }

    @Nested
    class TerminalStates {

        @Test
        void approvalAfterFailureIsAnApprovalAfterTheEndNotALateEvent() {
            Order failed = OrderMother.failedAtPg();

            assertThat(decide(failed, OrderEvents.approval(PAYMENT_KEY)))
                    .as("money moved for a failed order: an operator must see it, the order stays failed, and the"
                            + " payment the confirm approved (for the order's amount) is given back")
                    .isEqualTo(new Rejected(
                            APPROVED_AFTER_END,
                            List.of(
                                    new ReportMoneyAnomaly(
                                            MoneyAnomaly.APPROVED_AFTER_END, failed, PAYMENT_KEY, "DONE", AMOUNT),
                                    new SaveRefund(
                                            ORDER_ID, giveBack(PAYMENT_KEY, AMOUNT, MoneyAnomaly.APPROVED_AFTER_END)),
                                    new RequestRefund(
                                            ORDER_ID,
                                            OrderStateMachine.giveBackId(PAYMENT_KEY),
                                            PAYMENT_KEY,
                                            AMOUNT,
                                            "APPROVED_AFTER_END"))));
        }

        @Test
        void aRefusalAfterCancellationStaysAHarmlessLateEvent() {
            assertThat(decide(
                            OrderMother.cancelledByBuyer(), OrderEvents.confirmRejection(PAYMENT_KEY, CONFIRM_REFUSED)))
                    .isEqualTo(new Rejected(LATE_EVENT));
        }

        @Test
        void realSuccessAfterTamperedAmountIsLateEvent() {
            assertThat(decide(OrderMother.failedOnAmount(), OrderEvents.successWebhook(PAYMENT_KEY)))
                    .isEqualTo(new Rejected(LATE_EVENT));
        }

        @Test
        void successAfterExpiryIsLateEvent() {
            assertThat(decide(OrderMother.expired(), OrderEvents.successRedirect()))
                    .isEqualTo(new Rejected(LATE_EVENT));
        }

        @Test
        void cancelAfterCompletionIsLateEvent() {
            assertThat(decide(OrderMother.completed(), OrderEvents.cancellation(TOKEN, BUYER_CANCELLED)))
                    .isEqualTo(new Rejected(LATE_EVENT));
        }

        @Test
        void checkoutAfterCancellationIsLateEvent() {
            assertThat(decide(OrderMother.cancelledByBuyer(), OrderEvents.checkoutStarted()))
                    .isEqualTo(new Rejected(LATE_EVENT));
        }

        @Test
        void approvalCompletesWithApprovalTimeAndPublishesTheCompletedOrder() {
            Applied applied = applied(decide(OrderMother.succeeded(), OrderEvents.approval(PAYMENT_KEY)));

            Order completed = applied.order();
            assertThat(completed.status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(completed.paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(completed.approvedAt()).isEqualTo(APPROVED_AT);
            assertThat(completed.reason()).isNull();
            assertThat(applied.effects()).containsExactly(new PublishCompletion(completed));
        }

        @Test
        void refusedConfirmFailsAndPublishesWithoutAskingAgain() {
            Applied applied = applied(decide(
                    OrderMother.succeeded(), OrderEvents.confirmRejection(PAYMENT_KEY, "NOT_FOUND_PAYMENT_SESSION")));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.FAIL);
            assertThat(applied.order().reason()).isEqualTo("NOT_FOUND_PAYMENT_SESSION");
            assertThat(applied.order().paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(applied.effects()).containsExactly(new PublishCompletion(applied.order()));
        }
    }

    @Nested
    class Expiry {

        @Test
        void expiryBeforeExpiresAtIsRefused() {
            assertThat(decideAt(OrderMother.inProgress(), OrderEvents.expire(), EXPIRES_AT.minusMillis(1)))
                    .isEqualTo(new Rejected(NOT_EXPIRED));
        }

        @Test
        void expiryAtExpiresAtCancelsAndPublishes() {
            Applied applied = applied(decideAt(OrderMother.issued(), OrderEvents.expire(), EXPIRES_AT));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.CANCEL);
            assertThat(applied.order().reason()).isEqualTo("EXPIRED");
            assertThat(applied.effects()).containsExactly(new PublishCompletion(applied.order()));
        }

        @Test
        void expiryAfterSuccessLeavesTheDecisionToTheConfirm() {
            assertThat(decideAt(OrderMother.succeeded(), OrderEvents.expire(), EXPIRES_AT.plusSeconds(3600)))
                    .isEqualTo(new Rejected(INVALID_TRANSITION));
        }
    }

    @Nested
    class PgStatusEvents {

        /** Every order without a virtual account's secret (an order with one: see VirtualAccounts). */
        @ParameterizedTest
        @EnumSource(
                value = StartingState.class,
                names = {"NOT_ISSUED", "AWAITING_DEPOSIT"},
                mode = EnumSource.Mode.EXCLUDE)
        void unsignedWebhookAsksThePgAndChangesNothing(StartingState state) {
            Order order = state.order();

            Decision decision = decide(order, OrderEvents.unsignedWebhook(OrderEvents.DONE));

            assertThat(decision)
                    .as("a hint only: no transition, one look-up of the order's own payment")
                    .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, order.paymentKey()))));
        }

        @Test
        void unsignedWebhookSayingTheOrderFailedDoesNotFailIt() {
            assertThat(decide(OrderMother.succeeded(), OrderEvents.unsignedWebhook(OrderEvents.ABORTED)))
                    .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, PAYMENT_KEY))));
        }

        @Test
        void statusWithoutVerificationCountsAsUnsigned() {
            PgStatus noVerification =
                    new PgStatus(ORDER_ID, PAYMENT_KEY, OrderEvents.DONE, AMOUNT, PG_APPROVED_AT, null, null);

            assertThat(decide(OrderMother.inProgress(), noVerification))
                    .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, null))));
        }

        @Test
        void hintNamingAnotherPaymentKeyLooksUpTheOrdersOwnPaymentNeverTheOneItNames() {
            PgStatus hint =
                    OrderEvents.pgStatus(OrderEvents.DONE, OTHER_PAYMENT_KEY, AMOUNT, PgStatus.Verification.NONE);

            assertThat(decide(OrderMother.succeeded(), hint))
                    .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, PAYMENT_KEY))));
            assertThat(decide(OrderMother.inProgress(), hint))
                    .as("an order with no payment yet is looked up by orderId")
                    .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, null))));
        }

        @Test
        void hintWithoutAPaymentKeyLooksUpTheOrdersOwnPayment() {
            PgStatus depositCallback = new PgStatus(
                    ORDER_ID, null, OrderEvents.DONE, null, null, PgStatus.Verification.NONE, WEBHOOK_TRANSMISSION_ID);

            assertThat(decide(OrderMother.succeeded(), depositCallback))
                    .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, PAYMENT_KEY))));
        }

        @Test
        void statusOfAnOrderNotIssuedYetIsParkedEvenUnsigned() {
            assertThat(decide(null, OrderEvents.unsignedWebhook(OrderEvents.DONE)))
                    .as("no status check before the order exists: it is applied once the order arrives")
                    .isEqualTo(new Parked());
        }

        @ParameterizedTest
        @EnumSource(
                value = PgStatus.Verification.class,
                names = {"SIGNATURE", "LOOKUP"})
        void signedDoneCompletesAPendingConfirmWithoutASecondConfirm(PgStatus.Verification verification) {
            Applied applied =
                    applied(decide(OrderMother.succeeded(), OrderEvents.pgStatus(OrderEvents.DONE, verification)));

            Order completed = applied.order();
            assertThat(completed.status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(completed.paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(completed.approvedAt()).as("the PG's approval time").isEqualTo(PG_APPROVED_AT);
            assertThat(completed.reason()).isNull();
            assertThat(applied.effects())
                    .containsExactly(new PublishCompletion(completed))
                    .noneMatch(RequestConfirm.class::isInstance);
        }

        @Test
        void confirmAnsweredAfterTheSignedDoneIsDuplicateAndPublishesNothing() {
            Order completedByWebhook = OrderMother.apply(OrderMother.succeeded(), OrderEvents.signedDone());

            assertThat(decide(completedByWebhook, OrderEvents.approval(PAYMENT_KEY)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void lookupDoneForAnOrderWhoseRedirectWasLostCompletesIt() {
            Applied applied = applied(decide(OrderMother.inProgress(), OrderEvents.lookupDone()));

            Order completed = applied.order();
            assertThat(completed.status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(completed.paymentKey())
                    .as("recorded from the PG's status")
                    .isEqualTo(PAYMENT_KEY);
            assertThat(completed.approvedAt()).isEqualTo(PG_APPROVED_AT);
            assertThat(completed.amount()).isEqualTo(AMOUNT);
            assertThat(applied.effects())
                    .as("the money already moved: publish, do not confirm")
                    .containsExactly(new PublishCompletion(completed));
        }

        @Test
        void lookupDoneBeforeTheBuyerEvenOpenedTheWindowCompletesIt() {
            Applied applied = applied(decide(OrderMother.issued(), OrderEvents.lookupDone()));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(applied.effects()).containsExactly(new PublishCompletion(applied.order()));
        }

        @Test
        void unsignedHintThenLookupAnswerCompletesTheOrderOnce() {
            Order order = OrderMother.inProgress();
            Decision hint = decide(order, OrderEvents.unsignedWebhook(OrderEvents.DONE));
            assertThat(hint).isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, null))));

            Order completed = OrderMother.apply(order, OrderEvents.lookupDone());

            assertThat(completed.status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(decide(completed, OrderEvents.signedDone()))
                    .as("the signed webhook arriving after the look-up")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
            assertThat(decide(completed, OrderEvents.successRedirect()))
                    .as("the lost redirect arriving after all")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void doneWithAnotherAmountFailsTheOrderLoudlyAndDistinctFromATamperedRedirect() {
            PgStatus otherAmount = OrderEvents.pgStatus(
                    OrderEvents.DONE, PAYMENT_KEY, TAMPERED_AMOUNT, PgStatus.Verification.SIGNATURE);

            Applied applied = applied(decide(OrderMother.inProgress(), otherAmount));

            Order failed = applied.order();
            assertThat(failed.status()).isEqualTo(OrderStatus.FAIL);
            assertThat(failed.reason()).isEqualTo("PG_AMOUNT_MISMATCH");
            assertThat(failed.amount()).as("the order keeps its own amount").isEqualTo(AMOUNT);
            assertThat(failed.paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(failed.approvedAt()).isNull();
            assertThat(applied.effects())
                    .containsExactly(
                            new PublishCompletion(failed),
                            new ReportMoneyAnomaly(
                                    MoneyAnomaly.PG_AMOUNT_MISMATCH, failed, PAYMENT_KEY, "DONE", TAMPERED_AMOUNT),
                            new SaveRefund(
                                    ORDER_ID, giveBack(PAYMENT_KEY, TAMPERED_AMOUNT, MoneyAnomaly.PG_AMOUNT_MISMATCH)),
                            new RequestRefund(
                                    ORDER_ID,
                                    OrderStateMachine.giveBackId(PAYMENT_KEY),
                                    PAYMENT_KEY,
                                    TAMPERED_AMOUNT,
                                    "PG_AMOUNT_MISMATCH"))
                    .noneMatch(RequestConfirm.class::isInstance);
            assertThat(reasonAfterTamperedRedirect())
                    .as("the buyer's tampered redirect moved no money: a reason of its own")
                    .isEqualTo("AMOUNT_MISMATCH");
        }

        private static String reasonAfterTamperedRedirect() {
            return OrderMother.failedOnAmount().reason();
        }

        @Test
        void doneWithoutAnAmountFailsAsThePgsAmountMismatch() {
            PgStatus noAmount = OrderEvents.pgStatus(OrderEvents.DONE, PAYMENT_KEY, null, PgStatus.Verification.LOOKUP);

            Applied applied = applied(decide(OrderMother.inProgress(), noAmount));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.FAIL);
            assertThat(applied.order().reason()).isEqualTo("PG_AMOUNT_MISMATCH");
        }

        @Test
        void doneWithAnotherAmountFailsAnOrderWaitingForItsConfirmInsteadOfCompletingIt() {
            PgStatus otherAmount =
                    OrderEvents.pgStatus(OrderEvents.DONE, PAYMENT_KEY, TAMPERED_AMOUNT, PgStatus.Verification.LOOKUP);

            Applied applied = applied(decide(OrderMother.succeeded(), otherAmount));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.FAIL);
            assertThat(applied.order().reason()).isEqualTo("PG_AMOUNT_MISMATCH");
            assertThat(applied.effects()).hasAtLeastOneElementOfType(ReportMoneyAnomaly.class);
        }

        @Test
        void theApprovalThatFailedAnOrderOnItsAmountIsReportedOnceNotAgainAsApprovedAfterEnd() {
            PgStatus otherAmount =
                    OrderEvents.pgStatus(OrderEvents.DONE, PAYMENT_KEY, TAMPERED_AMOUNT, PgStatus.Verification.LOOKUP);
            Order failed = OrderMother.apply(OrderMother.inProgress(), otherAmount);

            assertThat(decide(failed, otherAmount))
                    .as("the same approval read again, e.g. after another webhook")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void doneForAnotherPaymentKeyThanTheRecordedOneIsRefused() {
            PgStatus otherPayment =
                    OrderEvents.pgStatus(OrderEvents.DONE, OTHER_PAYMENT_KEY, AMOUNT, PgStatus.Verification.SIGNATURE);

            assertThat(decide(OrderMother.succeeded(), otherPayment)).isEqualTo(new Rejected(PAYMENT_KEY_MISMATCH));
            assertThat(decide(OrderMother.completed(), otherPayment)).isEqualTo(new Rejected(PAYMENT_KEY_MISMATCH));
        }

        @Test
        void repeatedDoneIsDuplicate() {
            assertThat(decide(OrderMother.completedByLookup(), OrderEvents.signedDone()))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void doneAfterTheOrderExpiredIsAnApprovalAfterItsEnd() {
            Order expired = OrderMother.expired();

            assertThat(decide(expired, OrderEvents.lookupDone()))
                    .as("money moved for a cancelled order: an operator must see it, the order stays cancelled, and"
                            + " the whole payment is given back")
                    .isEqualTo(new Rejected(
                            APPROVED_AFTER_END,
                            List.of(
                                    new ReportMoneyAnomaly(
                                            MoneyAnomaly.APPROVED_AFTER_END, expired, PAYMENT_KEY, "DONE", AMOUNT),
                                    new SaveRefund(
                                            ORDER_ID, giveBack(PAYMENT_KEY, AMOUNT, MoneyAnomaly.APPROVED_AFTER_END)),
                                    new RequestRefund(
                                            ORDER_ID,
                                            OrderStateMachine.giveBackId(PAYMENT_KEY),
                                            PAYMENT_KEY,
                                            AMOUNT,
                                            "APPROVED_AFTER_END"))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"CANCELED", "PARTIAL_CANCELED"})
        void cancellationAfterCompletionIsReportedAndTheOrderStaysComplete(String status) {
            for (Order completed : List.of(OrderMother.completed(), OrderMother.completedByLookup())) {
                Decision decision = decide(completed, OrderEvents.pgStatus(status, PgStatus.Verification.LOOKUP));

                assertThat(decision)
                        .isEqualTo(new Rejected(
                                CANCELED_AT_PG,
                                List.of(new ReportMoneyAnomaly(
                                        MoneyAnomaly.CANCELED_AT_PG, completed, PAYMENT_KEY, status, AMOUNT))));
                assertThat(MoneyAnomaly.CANCELED_AT_PG.tellsTheShop())
                        .as("the shop may have shipped")
                        .isTrue();
            }
        }

        @Test
        void aReversedDepositOfACompletedOrderIsReportedToTheShopAndTheOrderStaysComplete() {
            Order completed = OrderMother.completedByLookup();

            assertThat(decide(
                            completed,
                            OrderEvents.pgStatus(OrderEvents.WAITING_FOR_DEPOSIT, PgStatus.Verification.LOOKUP)))
                    .isEqualTo(new Rejected(
                            DEPOSIT_REVERSED,
                            List.of(new ReportMoneyAnomaly(
                                    MoneyAnomaly.DEPOSIT_REVERSED,
                                    completed,
                                    PAYMENT_KEY,
                                    "WAITING_FOR_DEPOSIT",
                                    AMOUNT))));
            assertThat(MoneyAnomaly.DEPOSIT_REVERSED.tellsTheShop()).isTrue();
        }

        @Test
        void onlyAnomaliesOfACompletedOrderAreToldToTheShop() {
            assertThat(Arrays.stream(MoneyAnomaly.values()).filter(MoneyAnomaly::tellsTheShop))
                    .containsExactlyInAnyOrder(MoneyAnomaly.CANCELED_AT_PG, MoneyAnomaly.DEPOSIT_REVERSED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"CANCELED", "PARTIAL_CANCELED"})
        void cancellationOfAPaymentTheOrderDoesNotHoldYetIsAnInvalidTransition(String status) {
            assertThat(decide(OrderMother.succeeded(), OrderEvents.pgStatus(status, PgStatus.Verification.LOOKUP)))
                    .isEqualTo(new Rejected(INVALID_TRANSITION));
        }

        @Test
        void expiredAtThePgCancelsAnOpenOrder() {
            Applied applied = applied(decide(
                    OrderMother.inProgress(),
                    OrderEvents.pgStatus(OrderEvents.PG_EXPIRED, PgStatus.Verification.SIGNATURE)));

            Order cancelled = applied.order();
            assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCEL);
            assertThat(cancelled.reason()).isEqualTo("EXPIRED");
            assertThat(applied.effects()).containsExactly(new PublishCompletion(cancelled));
        }

        @Test
        void expiredAtThePgCancelsAPendingConfirm() {
            Applied applied = applied(decide(
                    OrderMother.succeeded(),
                    OrderEvents.pgStatus(OrderEvents.PG_EXPIRED, PgStatus.Verification.LOOKUP)));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.CANCEL);
            assertThat(applied.order().reason()).isEqualTo("EXPIRED");
            assertThat(applied.order().paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(applied.effects()).containsExactly(new PublishCompletion(applied.order()));
        }

        @Test
        void expiredAtThePgAfterTheWorkerExpiredTheOrderIsDuplicate() {
            assertThat(decide(
                            OrderMother.expired(),
                            OrderEvents.pgStatus(OrderEvents.PG_EXPIRED, PgStatus.Verification.LOOKUP)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
            assertThat(decideAt(OrderMother.expiredAtPg(), OrderEvents.expire(), EXPIRES_AT.plusSeconds(1)))
                    .as("and the worker's own expiry after the PG's")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void abortedAtThePgFailsAnOpenOrderAndAPendingConfirm() {
            for (Order open : List.of(OrderMother.inProgress(), OrderMother.succeeded())) {
                Applied applied = applied(
                        decide(open, OrderEvents.pgStatus(OrderEvents.ABORTED, PgStatus.Verification.SIGNATURE)));

                assertThat(applied.order().status()).isEqualTo(OrderStatus.FAIL);
                assertThat(applied.order().reason()).isEqualTo("ABORTED");
                assertThat(applied.order().paymentKey()).isEqualTo(PAYMENT_KEY);
                assertThat(applied.effects()).containsExactly(new PublishCompletion(applied.order()));
            }
        }

        @Test
        void abortAfterAnAbortIsDuplicateAndAfterCompletionLate() {
            PgStatus aborted = OrderEvents.pgStatus(OrderEvents.ABORTED, PgStatus.Verification.LOOKUP);

            assertThat(decide(OrderMother.abortedAtPg(), aborted)).isEqualTo(new Duplicate(Duplicate.SAME_STATE));
            assertThat(decide(OrderMother.completed(), aborted)).isEqualTo(new Rejected(LATE_EVENT));
            assertThat(decide(OrderMother.expiredAtPg(), aborted)).isEqualTo(new Rejected(LATE_EVENT));
        }

        static Stream<Arguments> notFinalStatuses() {
            return Stream.of("READY", "IN_PROGRESS", "SOMETHING_TOSS_ADDS_LATER")
                    .flatMap(status -> Stream.of(PgStatus.Verification.SIGNATURE, PgStatus.Verification.LOOKUP)
                            .map(verification -> arguments(status, verification)));
        }

        @ParameterizedTest(name = "{0} ({1})")
        @MethodSource("notFinalStatuses")
        void notFinalStatusChangesNothing(String status, PgStatus.Verification verification) {
            for (Order order : List.of(OrderMother.inProgress(), OrderMother.succeeded(), OrderMother.completed())) {
                assertThat(decide(order, OrderEvents.pgStatus(status, verification)))
                        .as("%s on %s", status, order.status())
                        .isEqualTo(new Rejected(NOT_FINAL));
            }
        }

        @Test
        void waitingForADepositDecidesNothingForAnOrderNotPaidYet() {
            for (Order order : List.of(OrderMother.inProgress(), OrderMother.succeeded(), OrderMother.expired())) {
                assertThat(decide(
                                order,
                                OrderEvents.pgStatus(OrderEvents.WAITING_FOR_DEPOSIT, PgStatus.Verification.LOOKUP)))
                        .as("on %s", order.status())
                        .isEqualTo(new Rejected(NOT_FINAL));
            }
        }
    }

    @Nested
    class Issuance {

        @Test
        void issueRecordsAPrepayOrderWithoutEffects() {
            Applied applied = applied(decide(null, OrderEvents.issue()));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.PREPAY);
            assertThat(applied.order().tokenHash()).isEqualTo(OrderEvents.TOKEN_HASH);
            assertThat(applied.order().expiresAt()).isEqualTo(EXPIRES_AT);
            assertThat(applied.order().paymentKey()).isNull();
            assertThat(applied.effects()).isEmpty();
        }

        @Test
        void identicalReissueIsDuplicateEvenWithOtherExpiry() {
            OrderIssued retried = OrderEvents.retriedIssue();
            assertThat(retried.expiresAt()).isNotEqualTo(EXPIRES_AT);

            assertThat(decide(OrderMother.inProgress(), retried)).isEqualTo(new Duplicate(Duplicate.SAME_ORDER));
        }

        static Stream<Arguments> conflictingIssues() {
            return Stream.of(
                    arguments("amount", OrderEvents.issueWithAmount(AMOUNT * 2)),
                    arguments("currency", OrderEvents.issueWithCurrency("USD")),
                    arguments("orderName", OrderEvents.issueWithOrderName("Coffee beans 2kg")),
                    arguments("tokenHash", OrderEvents.issueWithTokenHash(TokenHash.of(WRONG_TOKEN))));
        }

        @ParameterizedTest(name = "other {0}")
        @MethodSource("conflictingIssues")
        void conflictingReissueIsRefused(String field, OrderIssued conflicting) {
            assertThat(decide(OrderMother.issued(), conflicting)).isEqualTo(new Rejected(CONFLICTING_REISSUE));
        }
    }

    @Nested
    class BeforeIssue {

        static Stream<EventData> eventsOfAnOrderNotIssuedYet() {
            return Stream.of(
                    OrderEvents.checkoutStarted(),
                    OrderEvents.successRedirect(),
                    OrderEvents.successWebhook(PAYMENT_KEY),
                    OrderEvents.failure(TOKEN, CARD_COMPANY_REFUSED),
                    OrderEvents.cancellation(TOKEN, BUYER_CANCELLED),
                    OrderEvents.approval(PAYMENT_KEY),
                    OrderEvents.signedDone(),
                    OrderEvents.lookupDone(),
                    OrderEvents.unsignedWebhook(OrderEvents.DONE),
                    OrderEvents.expire());
        }

        @ParameterizedTest
        @MethodSource("eventsOfAnOrderNotIssuedYet")
        void eventsBeforeIssueAreParked(EventData early) {
            assertThat(decide(null, early)).isEqualTo(new Parked());
        }

        @Test
        void completionRecordOnTheInputTopicIsRefusedNotParked() {
            assertThat(decide(null, OrderEvents.completionRecord())).isEqualTo(new Rejected(UNSUPPORTED_EVENT));
            assertThat(decide(null, OrderEvents.anomalyRecord())).isEqualTo(new Rejected(UNSUPPORTED_EVENT));
        }
    }

    @Nested
    class Reasons {

        @Test
        void failAndCancelReasonsComeFromPgCode() {
            assertThat(reasonAfter(OrderMother.inProgress(), OrderEvents.failure(TOKEN, "REJECT_CARD_COMPANY")))
                    .isEqualTo("REJECT_CARD_COMPANY");
            assertThat(reasonAfter(OrderMother.inProgress(), OrderEvents.cancellation(TOKEN, "USER_CANCEL")))
                    .isEqualTo("USER_CANCEL");
            assertThat(reasonAfter(
                            OrderMother.succeeded(), OrderEvents.confirmRejection(PAYMENT_KEY, "FORBIDDEN_REQUEST")))
                    .isEqualTo("FORBIDDEN_REQUEST");
        }

        @Test
        void defaultReasonsWhenPgGivesNoCode() {
            assertThat(reasonAfter(OrderMother.inProgress(), OrderEvents.failure(TOKEN, null)))
                    .isEqualTo("PG_FAILED");
            assertThat(reasonAfter(OrderMother.inProgress(), OrderEvents.failure(TOKEN, "  ")))
                    .isEqualTo("PG_FAILED");
            assertThat(reasonAfter(OrderMother.inProgress(), OrderEvents.cancellation(TOKEN, null)))
                    .isEqualTo("PAY_PROCESS_CANCELED");
            assertThat(reasonAfter(OrderMother.succeeded(), OrderEvents.confirmRejection(PAYMENT_KEY, null)))
                    .isEqualTo("CONFIRM_REJECTED");
        }

        @Test
        void reasonsOfThePgsOwnWord() {
            assertThat(reasonAfter(
                            OrderMother.inProgress(),
                            OrderEvents.pgStatus(OrderEvents.ABORTED, PgStatus.Verification.SIGNATURE)))
                    .isEqualTo("ABORTED");
            assertThat(reasonAfter(
                            OrderMother.inProgress(),
                            OrderEvents.pgStatus(OrderEvents.PG_EXPIRED, PgStatus.Verification.LOOKUP)))
                    .isEqualTo("EXPIRED");
            assertThat(reasonAfter(OrderMother.inProgress(), OrderEvents.lookupDone()))
                    .isNull();
        }

        @Test
        void completedOrderHasNoReason() {
            assertThat(reasonAfter(OrderMother.succeeded(), OrderEvents.approval(PAYMENT_KEY)))
                    .isNull();
        }

        private String reasonAfter(Order order, EventData event) {
            return applied(decide(order, event)).order().reason();
        }
    }

    @Nested
    class Refunds {

        final Order paid = OrderMother.completed();

        @Test
        void aRepeatedRequestIsTheSameRefundAndAnotherBodyUnderItsIdIsRefused() {
            Order requested = apply(paid, OrderEvents.refund(OrderEvents.PART_OF_AMOUNT));

            assertThat(decide(requested, OrderEvents.refund(OrderEvents.PART_OF_AMOUNT)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_REFUND));
            assertThat(decide(requested, OrderEvents.refund(OrderEvents.PART_OF_AMOUNT + 1)))
                    .isEqualTo(new Rejected(CONFLICTING_REFUND));
            assertThat(decide(requested, OrderEvents.refund(null))).isEqualTo(new Rejected(CONFLICTING_REFUND));
            assertThat(decide(
                            requested,
                            new RefundRequested(ORDER_ID, OrderEvents.REFUND_ID, OrderEvents.PART_OF_AMOUNT, "other")))
                    .isEqualTo(new Rejected(CONFLICTING_REFUND));
        }

        @Test
        void aRefusedRefundStaysRefusedUnderItsIdEvenOnceTheOrderIsRefundable() {
            Order refused = OrderMother.succeeded()
                    .withRefund(refusalOf(
                            OrderEvents.refund(OrderEvents.PART_OF_AMOUNT), NOT_REFUNDABLE, OrderMother.succeeded()));

            assertThat(decide(refused, OrderEvents.refund(OrderEvents.PART_OF_AMOUNT)))
                    .isEqualTo(new Duplicate(Duplicate.SAME_REFUND));
        }

        @Test
        void requestsInFlightCountAgainstTheBalanceSoTogetherTheyNeverExceedWhatWasPaid() {
            Order first = apply(paid, refund("r-1", 10_000L));

            assertThat(first.refundableBalance()).isEqualTo(AMOUNT - 10_000L);
            assertThat(decide(first, refund("r-2", 10_000L)))
                    .as("a second request beyond what the first left, while the first is still in flight")
                    .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason())
                            .isEqualTo(REFUND_EXCEEDS_BALANCE));
            Order second = apply(first, refund("r-2", AMOUNT - 10_000L));
            assertThat(second.refundableBalance()).isZero();
            assertThat(decide(second, refund("r-3", null)))
                    .as("nothing left: a request for the whole balance is refused")
                    .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason())
                            .isEqualTo(REFUND_EXCEEDS_BALANCE));
        }

        @Test
        void aRequestWithoutAnAmountTakesTheWholeBalanceAtThatMoment() {
            Order part = answered(apply(paid, refund("r-1", 4_000L)), "r-1", true);

            Applied whole = applied(decide(part, refund("r-2", null)));

            assertThat(whole.order().refund("r-2").amount()).isEqualTo(AMOUNT - 4_000L);
            assertThat(whole.effects())
                    .contains(new RequestRefund(ORDER_ID, "r-2", PAYMENT_KEY, AMOUNT - 4_000L, "why r-2"));
        }

        @Test
        void theSucceededAnswerEndsTheRefundAddsToRefundedAmountAndPublishesOneRecord() {
            Order requested = apply(paid, refund("r-1", 4_000L));

            Applied applied = applied(decide(requested, answer("r-1", true)));

            Order next = applied.order();
            assertThat(next.status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(next.refundedAmount()).isEqualTo(4_000L);
            Refund done = next.refund("r-1");
            assertThat(done.status()).isEqualTo(Refund.Status.SUCCEEDED);
            assertThat(done.transactionKey()).isEqualTo("tx-r-1");
            assertThat(applied.effects())
                    .containsExactly(new SaveRefund(ORDER_ID, done), new PublishRefundCompletion(next, done));
            assertThat(decide(next, answer("r-1", true)))
                    .as("the same answer again")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
            assertThat(decide(next, answer("r-1", false)))
                    .as("a contradicting answer")
                    .isEqualTo(new Rejected(LATE_EVENT));
        }

        @Test
        void aFailedAnswerEndsTheRefundFailedAndGivesItsAmountBackToTheBalance() {
            Order requested = apply(paid, refund("r-1", 4_000L));

            Applied applied = applied(decide(requested, answer("r-1", false)));

            Refund failed = applied.order().refund("r-1");
            assertThat(failed.status()).isEqualTo(Refund.Status.FAILED);
            assertThat(failed.code()).isEqualTo("NOT_CANCELABLE_AMOUNT");
            assertThat(applied.order().refundedAmount()).isZero();
            assertThat(applied.order().refundableBalance()).isEqualTo(AMOUNT);
            assertThat(applied.reason()).isEqualTo("NOT_CANCELABLE_AMOUNT");
            assertThat(applied.effects()).noneMatch(ReportMoneyAnomaly.class::isInstance);
        }

        @Test
        void aGiveBackIsStartedOncePerPaymentAndItsFailureIsAMoneyAnomaly() {
            Decision first = decide(OrderMother.expired(), OrderEvents.lookupDone());
            Order givingBack = OrderMother.expired();
            for (Effect effect : ((Rejected) first).effects()) {
                if (effect instanceof SaveRefund save) {
                    givingBack = givingBack.withRefund(save.refund());
                }
            }

            assertThat(decide(givingBack, OrderEvents.lookupDone()))
                    .as("the same approval reported again while it is being given back")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
            String refundId = OrderStateMachine.giveBackId(PAYMENT_KEY);
            Applied refused = applied(decide(givingBack, answer(refundId, false)));
            assertThat(refused.effects())
                    .filteredOn(ReportMoneyAnomaly.class::isInstance)
                    .extracting(e -> ((ReportMoneyAnomaly) e).anomaly())
                    .containsExactly(MoneyAnomaly.GIVE_BACK_FAILED);
            Applied givenBack = applied(decide(givingBack, answer(refundId, true)));
            assertThat(givenBack.order().status()).as("the order stays ended").isEqualTo(OrderStatus.CANCEL);
            assertThat(givenBack.order().refundedAmount()).isEqualTo(AMOUNT);
            assertThat(givenBack.effects()).noneMatch(ReportMoneyAnomaly.class::isInstance);
        }

        @Test
        void aCancelAtThePgOurRefundsDoNotAccountForIsFollowedAndToldOnceOurOwnAreNot() {
            Order requested = apply(paid, refund("r-1", 4_000L));

            assertThat(decide(requested, canceledAtPg(4_000L)))
                    .as("the PG's cancel is our refund still in flight")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
            Order refunded = answered(requested, "r-1", true);
            assertThat(decide(refunded, canceledAtPg(4_000L))).isEqualTo(new Duplicate(Duplicate.SAME_STATE));

            Applied followed = applied(decide(refunded, canceledAtPg(10_000L)));
            assertThat(followed.order().status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(followed.order().refundedAmount()).as("follows the PG").isEqualTo(10_000L);
            assertThat(followed.reason()).isEqualTo("CANCELED_AT_PG");
            assertThat(followed.effects())
                    .singleElement()
                    .isInstanceOfSatisfying(ReportMoneyAnomaly.class, report -> assertThat(report.anomaly())
                            .isEqualTo(MoneyAnomaly.CANCELED_AT_PG));
            assertThat(decide(followed.order(), canceledAtPg(10_000L)))
                    .as("the same cancel reported again")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
            assertThat(followed.order().refundableBalance()).isEqualTo(AMOUNT - 10_000L);
        }

        @Test
        void aCancelAtThePgWhileOneOfOursIsInFlightCountsOnlyWhatOursDoNotExplain() {
            Order requested = apply(paid, refund("r-1", 4_000L));

            Applied followed = applied(decide(requested, canceledAtPg(AMOUNT)));

            assertThat(followed.order().refundedAmount()).isEqualTo(AMOUNT - 4_000L);
            assertThat(answered(followed.order(), "r-1", true).refundedAmount())
                    .as("once ours succeeds, the order shows what the PG shows")
                    .isEqualTo(AMOUNT);
        }

        @Test
        void anAnswerForARefundTheOrderDoesNotHaveIsRefused() {
            assertThat(decide(paid, answer("r-unknown", true))).isEqualTo(new Rejected(UNKNOWN_REFUND));
        }

        private RefundRequested refund(String refundId, Long amount) {
            return new RefundRequested(ORDER_ID, refundId, amount, "why " + refundId);
        }

        private PgRefund answer(String refundId, boolean succeeded) {
            return succeeded
                    ? PgRefund.succeeded(ORDER_ID, refundId, "tx-" + refundId, PG_APPROVED_AT, null)
                    : PgRefund.failed(ORDER_ID, refundId, "NOT_CANCELABLE_AMOUNT", "refused");
        }

        private PgStatus canceledAtPg(long canceled) {
            return new PgStatus(
                    ORDER_ID,
                    PAYMENT_KEY,
                    canceled == AMOUNT ? OrderEvents.CANCELED : OrderEvents.PARTIAL_CANCELED,
                    AMOUNT,
                    PG_APPROVED_AT,
                    PgStatus.Verification.LOOKUP,
                    null,
                    AMOUNT - canceled);
        }

        private Order answered(Order order, String refundId, boolean succeeded) {
            return apply(order, answer(refundId, succeeded));
        }

        private Refund refusalOf(RefundRequested request, Rejection why, Order order) {
            Rejected rejected = (Rejected) decide(order, request);
            assertThat(rejected.reason()).isEqualTo(why);
            return ((SaveRefund) rejected.effects().getFirst()).refund();
        }

        /** The order after {@code event}, with every refund the decision records folded in, as the consumer does. */
        private Order apply(Order order, EventData event) {
            Decision decision = decide(order, event);
            Order next = decision instanceof Applied applied ? applied.order() : order;
            List<Effect> effects = decision instanceof Applied applied
                    ? applied.effects()
                    : decision instanceof Rejected rejected ? rejected.effects() : List.of();
            for (Effect effect : effects) {
                if (effect instanceof SaveRefund save) {
                    next = next.withRefund(save.refund());
                }
            }
            assertThat(decision).as("%s applies", event).isInstanceOf(Applied.class);
            return next;
        }
    }

    @Nested
    class VirtualAccounts {

        static final Instant DUE = DUE_DATE.toInstant();

        @Test
        void anAccountIssuedByTheConfirmKeepsTheAccountTheMethodAndOnlyTheHashOfTheSecret() {
            Applied applied =
                    applied(decide(OrderMother.succeeded(), OrderEvents.awaitingDeposit(PAYMENT_KEY, DEPOSIT_SECRET)));

            Order waiting = applied.order();
            assertThat(waiting.status()).isEqualTo(OrderStatus.AWAITING_DEPOSIT);
            assertThat(waiting.virtualAccount()).isEqualTo(ACCOUNT);
            assertThat(waiting.method()).isEqualTo(OrderEvents.VIRTUAL_ACCOUNT);
            assertThat(waiting.depositSecretHash()).isEqualTo(DEPOSIT_SECRET_HASH);
            assertThat(waiting.paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(waiting.approvedAt()).as("nothing is paid yet").isNull();
            assertThat(waiting.toString())
                    .as("neither the secret nor the account number")
                    .doesNotContain(DEPOSIT_SECRET, ACCOUNT.accountNumber());
            assertThat(applied.effects()).containsExactly(new PublishAwaitingDeposit(waiting));
        }

        @Test
        void withoutASecretFromThePgEveryHintAsksThePg() {
            Order waiting = OrderMother.awaitingDepositWithoutSecret();

            assertThat(waiting.depositSecretHash()).isNull();
            for (PgStatus hint : List.of(
                    OrderEvents.unsignedWebhook(OrderEvents.DONE),
                    OrderEvents.hintWithSecret(OrderEvents.DONE, WRONG_SECRET),
                    OrderEvents.depositCallback(OrderEvents.DONE, null))) {
                assertThat(decide(waiting, hint))
                        .as("%s", hint)
                        .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, PAYMENT_KEY))));
            }
        }

        @Test
        void aDepositCallbackWithTheSecretAsksThePgForTheOrdersPaymentAndOneWithoutOrWithAnotherIsRefused() {
            Order waiting = OrderMother.awaitingDeposit();

            assertThat(decide(waiting, OrderEvents.depositCallback(OrderEvents.DONE, DEPOSIT_SECRET)))
                    .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, PAYMENT_KEY))));
            assertThat(decide(waiting, OrderEvents.depositCallback(OrderEvents.DONE, WRONG_SECRET)))
                    .isEqualTo(new Rejected(DEPOSIT_SECRET_MISMATCH));
            assertThat(decide(waiting, OrderEvents.depositCallback(OrderEvents.DONE, null)))
                    .isEqualTo(new Rejected(DEPOSIT_SECRET_MISMATCH));
            assertThat(decide(waiting, OrderEvents.depositCallback(OrderEvents.DONE, DEPOSIT_SECRET.toUpperCase())))
                    .as("the secret as the PG wrote it, not a look-alike")
                    .isEqualTo(new Rejected(DEPOSIT_SECRET_MISMATCH));
        }

        @Test
        void theSecretStillGuardsTheOrderOnceTheDepositCompletedIt() {
            Order deposited = OrderMother.deposited();

            assertThat(deposited.depositSecretHash()).isEqualTo(DEPOSIT_SECRET_HASH);
            assertThat(decide(deposited, OrderEvents.depositCallback(OrderEvents.WAITING_FOR_DEPOSIT, null)))
                    .isEqualTo(new Rejected(DEPOSIT_SECRET_MISMATCH));
            assertThat(decide(deposited, OrderEvents.depositCallback(OrderEvents.WAITING_FOR_DEPOSIT, DEPOSIT_SECRET)))
                    .as("a reversed deposit's callback: the PG is asked")
                    .isEqualTo(new Rejected(UNVERIFIED, List.of(new RequestStatusCheck(ORDER_ID, PAYMENT_KEY))));
            assertThat(decide(
                            deposited,
                            OrderEvents.pgStatus(OrderEvents.WAITING_FOR_DEPOSIT, PgStatus.Verification.LOOKUP)))
                    .as("and its answer is the loud reversal")
                    .isEqualTo(new Rejected(
                            DEPOSIT_REVERSED,
                            List.of(new ReportMoneyAnomaly(
                                    MoneyAnomaly.DEPOSIT_REVERSED,
                                    deposited,
                                    PAYMENT_KEY,
                                    OrderEvents.WAITING_FOR_DEPOSIT,
                                    AMOUNT))));
        }

        @Test
        void theDepositCompletesTheOrderWithThePgsApprovalTimeAndOneCompletion() {
            Applied applied = applied(decide(OrderMother.awaitingDeposit(), OrderEvents.lookupDone()));

            Order completed = applied.order();
            assertThat(completed.status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(completed.approvedAt()).isEqualTo(PG_APPROVED_AT);
            assertThat(completed.method()).isEqualTo(OrderEvents.VIRTUAL_ACCOUNT);
            assertThat(completed.virtualAccount()).isEqualTo(ACCOUNT);
            assertThat(applied.effects()).containsExactly(new PublishCompletion(completed));
            assertThat(decide(completed, OrderEvents.lookupDone()))
                    .as("the second callback's look-up")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
        }

        @Test
        void theDeadlineIsRefusedBeforeTheDueDateAndAtItAsksToCancelTheAccountLeavingTheOrderWaiting() {
            Order waiting = OrderMother.awaitingDeposit();

            assertThat(decideAt(waiting, OrderEvents.expire(), DUE.minusMillis(1)))
                    .isEqualTo(new Rejected(NOT_EXPIRED));
            Applied deadline = applied(decideAt(waiting, OrderEvents.expire(), DUE));
            assertThat(deadline.order()).isEqualTo(waiting);
            assertThat(deadline.reason()).isEqualTo("DEPOSIT_DEADLINE_PASSED");
            assertThat(deadline.effects()).containsExactly(new RequestDepositCancel(ORDER_ID, PAYMENT_KEY));
        }

        @Test
        void aDeadlineStampedAfterTheDueDateCountsOnALaggingClockButNotWithoutProof() {
            Order waiting = OrderMother.awaitingDeposit();
            Instant laggingNow = DUE.minusSeconds(60);

            assertThat(OrderStateMachine.decide(
                            waiting, OrderEvents.envelope(OrderEvents.expire(), DUE.plusSeconds(1)), true, laggingNow))
                    .isInstanceOf(Applied.class);
            assertThat(OrderStateMachine.decide(
                            waiting, OrderEvents.envelope(OrderEvents.expire(), DUE.plusSeconds(1)), false, laggingNow))
                    .isEqualTo(new Rejected(UNAUTHENTICATED_EVENT));
        }

        @Test
        void aDepositRacingTheDeadlineCompletesTheOrderSinceItStillWaits() {
            Order waiting = OrderMother.awaitingDeposit();
            Order pastDeadline = ((Applied) decideAt(waiting, OrderEvents.expire(), DUE)).order();

            // the deadline's cancel job found the money there and published the PG's DONE
            Applied applied = applied(decideAt(pastDeadline, OrderEvents.lookupDone(), DUE.plusSeconds(5)));

            assertThat(applied.order().status()).isEqualTo(OrderStatus.COMPLETE);
            assertThat(applied.order().approvedAt()).isEqualTo(PG_APPROVED_AT);
            assertThat(applied.effects()).containsExactly(new PublishCompletion(applied.order()));
        }

        @Test
        void theDeadlinesCancelEndsTheOrderDepositExpiredAndATransferAfterItIsGivenBack() {
            Order waiting = OrderMother.awaitingDeposit();
            PgStatus canceled = OrderEvents.pgStatus(OrderEvents.CANCELED, PgStatus.Verification.LOOKUP);

            Applied applied = applied(OrderStateMachine.decide(
                    waiting, OrderEvents.envelope(canceled, DUE.plusSeconds(5)), true, DUE.minusSeconds(60)));

            Order expired = applied.order();
            assertThat(expired.status()).isEqualTo(OrderStatus.CANCEL);
            assertThat(expired.reason())
                    .as("judged at the look-up's own time, the later one")
                    .isEqualTo("DEPOSIT_EXPIRED");
            assertThat(expired.approvedAt()).isNull();
            assertThat(applied.effects()).containsExactly(new PublishCompletion(expired));
            assertThat(decideAt(expired, canceled, DUE.plusSeconds(30)))
                    .as("the PG's webhook of its own cancel, looked up")
                    .isEqualTo(new Duplicate(Duplicate.SAME_STATE));
            assertThat(decideAt(expired, OrderEvents.lookupDone(), DUE.plusSeconds(60)))
                    .as("money that moved all the same is given back")
                    .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason())
                            .isEqualTo(APPROVED_AFTER_END));
        }

        @Test
        void thePgEndingTheUnpaidAccountAfterTheDueDateIsTheDeadlines() {
            Order waiting = OrderMother.awaitingDeposit();

            assertThat(applied(decideAt(
                                    waiting,
                                    OrderEvents.pgStatus(OrderEvents.PG_EXPIRED, PgStatus.Verification.LOOKUP),
                                    DUE.plusSeconds(1)))
                            .order()
                            .reason())
                    .isEqualTo("DEPOSIT_EXPIRED");
            assertThat(applied(decideAt(
                                    waiting,
                                    OrderEvents.pgStatus(OrderEvents.CANCELED, PgStatus.Verification.LOOKUP),
                                    DUE.minusSeconds(1)))
                            .order()
                            .reason())
                    .as("before it, someone cancelled at the PG")
                    .isEqualTo("PG_CANCELED");
        }

        @Test
        void theMethodThePgNamesIsKeptWhenTheOrderCompletes() {
            assertThat(applied(decide(OrderMother.inProgress(), OrderEvents.lookup(OrderEvents.DONE, "간편결제")))
                            .order()
                            .method())
                    .isEqualTo("간편결제");
            assertThat(applied(decide(
                                    OrderMother.succeeded(),
                                    PgConfirmation.approved(ORDER_ID, PAYMENT_KEY, APPROVED_AT, "카드")))
                            .order()
                            .method())
                    .isEqualTo("카드");
            assertThat(applied(decide(OrderMother.awaitingDeposit(), OrderEvents.lookup(OrderEvents.DONE, null)))
                            .order()
                            .method())
                    .as("a look-up naming none keeps the confirm's")
                    .isEqualTo(OrderEvents.VIRTUAL_ACCOUNT);
        }

        @Test
        void aDepositedAccountsRefundGoesToTheBuyersAccountWhichTheRequestMustName() {
            Order deposited = OrderMother.deposited();

            Applied applied = applied(decide(deposited, OrderEvents.refundInto(REFUND_ACCOUNT, 4_000L)));

            assertThat(applied.effects())
                    .contains(new RequestRefund(
                            ORDER_ID,
                            OrderEvents.REFUND_ID,
                            PAYMENT_KEY,
                            4_000L,
                            OrderEvents.REFUND_REASON,
                            REFUND_ACCOUNT));
            assertThat(applied.order().refund(OrderEvents.REFUND_ID).toString())
                    .as("the account is not kept with the refund")
                    .doesNotContain(REFUND_ACCOUNT.accountNumber());
        }

        static Stream<RefundRequested> refundsWithoutAUsableAccount() {
            return Stream.of(
                    OrderEvents.refund(4_000L),
                    OrderEvents.refundInto(
                            new dev.payments.schemas.RefundReceiveAccount("88", "110-1234", "Kim"), 4_000L),
                    OrderEvents.refundInto(new dev.payments.schemas.RefundReceiveAccount("88", "110123", " "), null));
        }

        @ParameterizedTest
        @MethodSource("refundsWithoutAUsableAccount")
        void aDepositedAccountsRefundWithoutAUsableAccountIsRefusedBeforeThePg(RefundRequested request) {
            Order deposited = OrderMother.deposited();

            Decision decision = decide(deposited, request);

            Rejected rejected = (Rejected) decision;
            assertThat(rejected.reason()).isEqualTo(REFUND_ACCOUNT_REQUIRED);
            assertThat(rejected.effects()).noneMatch(RequestRefund.class::isInstance);
            Refund refused = ((SaveRefund) rejected.effects().getFirst()).refund();
            assertThat(refused.status()).isEqualTo(Refund.Status.FAILED);
            assertThat(refused.code()).isEqualTo("REFUND_ACCOUNT_REQUIRED");
            assertThat(rejected.effects())
                    .containsExactly(
                            new SaveRefund(ORDER_ID, refused),
                            new PublishRefundCompletion(deposited.withRefund(refused), refused));
        }

        @Test
        void aCardPaymentsRefundIgnoresARefundAccount() {
            Applied applied = applied(decide(OrderMother.completed(), OrderEvents.refundInto(REFUND_ACCOUNT, 4_000L)));

            assertThat(applied.effects())
                    .contains(new RequestRefund(
                            ORDER_ID, OrderEvents.REFUND_ID, PAYMENT_KEY, 4_000L, OrderEvents.REFUND_REASON, null));
        }
    }
}
