package dev.payments.worker.reconcile.ledger;

import dev.payments.worker.pg.client.PgTransaction;
import dev.payments.worker.reconcile.ledger.OurRecords.Order;
import dev.payments.worker.reconcile.ledger.OurRecords.Refund;
import dev.payments.worker.reconcile.ledger.OurRecords.StatusCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of reconciliation (docs/contract.md §5 "Reconciliation"), as pure functions: the PG's rows and our records
 * in, classified items out. No Spring, no I/O, no clock: a run reads both sides and hands them here.
 *
 * <p>It never decides for an order. What the PG's word can settle becomes a PG look-up of the order's payment
 * ({@link Item#lookUp}), whose verified answer the order's state machine applies like any other; and a look-up is
 * asked once: not while one is pending, and not again after one that ended after the row's transaction without
 * settling it (then only an operator can). So a run over a window already reconciled asks the PG nothing new.
 */
final class LedgerMatcher {

    /** The reason of an order that ended on the PG's verified word that its payment was cancelled. */
    private static final String PG_CANCELED = "PG_CANCELED";

    /** The PG's times (transactionAt) are whole seconds. */
    private static final Duration PG_TIME_RESOLUTION = Duration.ofSeconds(1);

    private LedgerMatcher() {}

    /** Classifies the PG's rows that lie inside {@code window}; {@code ours} holds what we know of their orders. */
    static List<Item> pgRows(Collection<PgTransaction> rows, Window window, OurRecords ours) {
        List<Item> items = new ArrayList<>();
        for (PgTransaction row : rows) {
            if (window.contains(row.transactionAt())) {
                items.add(pgRow(row, ours));
            }
        }
        return items;
    }

    static Item pgRow(PgTransaction row, OurRecords ours) {
        return switch (row.status()) {
            case DONE -> approval(row, ours);
            case WAITING_FOR_DEPOSIT -> issuance(row, ours);
            case CANCELED, PARTIAL_CANCELED -> cancel(row, ours);
            case READY, IN_PROGRESS, ABORTED, EXPIRED, OTHER ->
                reported(
                        row,
                        Source.PG_OTHER,
                        Drift.MISSING_HERE,
                        ours.order(row.orderId()),
                        null,
                        "a PG transaction of a status reconciliation does not match");
        };
    }

    /**
     * Ours, after all pages: a COMPLETE order approved inside the window whose payment the PG lists no approval of, and
     * a SUCCEEDED refund completed inside the window whose cancel the PG does not list.
     *
     * @param approvedPaymentKeys the paymentKeys of every approval row fetched (the window and its margins)
     * @param cancelTransactionKeys the transactionKeys of every cancel row fetched
     */
    static List<Item> ours(
            Window window,
            Collection<Order> completed,
            Collection<Refund> refunded,
            Set<String> approvedPaymentKeys,
            Set<String> cancelTransactionKeys) {
        List<Item> items = new ArrayList<>();
        for (Order order : completed) {
            if (order.approvedAt() != null
                    && window.contains(order.approvedAt())
                    && !approvedPaymentKeys.contains(order.paymentKey())) {
                items.add(new Item(
                        Drift.MISSING_AT_PG,
                        Resolution.REPORTED,
                        Source.OUR_ORDER,
                        order.orderId(),
                        order.paymentKey(),
                        null,
                        null,
                        null,
                        null,
                        order.status().name(),
                        order.amount(),
                        order.approvedAt(),
                        "COMPLETE here; the PG lists no approval of its payment",
                        false));
            }
        }
        for (Refund refund : refunded) {
            if (refund.completedAt() != null
                    && window.contains(refund.completedAt())
                    && (refund.transactionKey() == null || !cancelTransactionKeys.contains(refund.transactionKey()))) {
                items.add(new Item(
                        Drift.MISSING_AT_PG,
                        Resolution.REPORTED,
                        Source.OUR_REFUND,
                        refund.orderId(),
                        refund.paymentKey(),
                        refund.transactionKey(),
                        refund.refundId(),
                        null,
                        null,
                        refund.status().name(),
                        refund.amount(),
                        refund.completedAt(),
                        refund.transactionKey() == null
                                ? "SUCCEEDED here without the PG's transactionKey; the PG lists no cancel to match"
                                : "SUCCEEDED here; the PG lists no cancel with its transactionKey",
                        false));
            }
        }
        return items;
    }

    /** A DONE row: a confirm, an approval behind our back, or a virtual account's deposit. */
    private static Item approval(PgTransaction row, OurRecords ours) {
        Source source = Source.PG_APPROVAL;
        Order order = ours.order(row.orderId());
        Item foreign = notOurs(row, source, order, "approved at the PG");
        if (foreign != null) {
            return foreign;
        }
        return switch (order.status()) {
            case COMPLETE ->
                row.amount() == order.amount()
                        ? matched(row, source, order, null)
                        : reported(
                                row,
                                source,
                                Drift.AMOUNT_MISMATCH,
                                order,
                                null,
                                "approved at the PG for another amount than the order's");
            case PREPAY, IN_PROGRESS, SUCCESS, AWAITING_DEPOSIT ->
                heal(
                        row,
                        source,
                        Drift.MISSING_HERE,
                        order,
                        ours,
                        "approved at the PG; the order does not know it yet");
            case FAIL, CANCEL -> approvalOfEndedOrder(row, order, ours);
        };
    }

    /** Money the PG took for an order that ended: it must be given back (docs/contract.md §2), once. */
    private static Item approvalOfEndedOrder(PgTransaction row, Order order, OurRecords ours) {
        Source source = Source.PG_APPROVAL;
        Refund giveBack = ours.giveBackOf(order.orderId(), row.paymentKey());
        if (giveBack == null) {
            return heal(
                    row,
                    source,
                    Drift.STATUS_MISMATCH,
                    order,
                    ours,
                    "approved at the PG for an order that ended " + order.status() + "; not given back");
        }
        return switch (giveBack.status()) {
            case SUCCEEDED ->
                giveBack.amount() == row.amount()
                        ? matched(row, source, order, giveBack)
                        : reported(
                                row,
                                source,
                                Drift.AMOUNT_MISMATCH,
                                order,
                                giveBack,
                                "given back for another amount than the PG approved");
            case REQUESTED ->
                item(
                        row,
                        source,
                        Drift.STATUS_MISMATCH,
                        Resolution.HEALING,
                        order,
                        giveBack,
                        "approved at the PG for an order that ended; being given back",
                        false);
            case FAILED ->
                reported(
                        row,
                        source,
                        Drift.STATUS_MISMATCH,
                        order,
                        giveBack,
                        "approved at the PG for an order that ended; its give-back failed");
        };
    }

    /** A WAITING_FOR_DEPOSIT row: a virtual account issued. No money moved. */
    private static Item issuance(PgTransaction row, OurRecords ours) {
        Source source = Source.PG_ISSUANCE;
        Order order = ours.order(row.orderId());
        Item foreign = notOurs(row, source, order, "a virtual account issued");
        return foreign != null ? foreign : matched(row, source, order, null);
    }

    /** A CANCELED or PARTIAL_CANCELED row: one cancel, of the row's amount. */
    private static Item cancel(PgTransaction row, OurRecords ours) {
        Source source = Source.PG_CANCEL;
        Order order = ours.order(row.orderId());
        Refund refund = ours.refundWithTransaction(row.orderId(), row.transactionKey());
        if (refund != null) {
            return refund.amount() == row.amount()
                    ? matched(row, source, order, refund)
                    : reported(
                            row,
                            source,
                            Drift.AMOUNT_MISMATCH,
                            order,
                            refund,
                            "cancelled at the PG for another amount than the refund's");
        }
        Item foreign = notOurs(row, source, order, "cancelled at the PG");
        if (foreign != null) {
            return foreign;
        }
        boolean ended = order.status() == OurRecords.OrderState.CANCEL || order.status() == OurRecords.OrderState.FAIL;
        if (ended && ours.depositCancelled(order.orderId(), row.paymentKey())) {
            // our own cancel of the order's unpaid virtual account (its deadline passed, or issued after the order
            // ended)
            return matched(row, source, order, null);
        }
        Refund inFlight = ours.refundInFlight(order.orderId(), row.paymentKey());
        if (inFlight != null) {
            return item(
                    row,
                    source,
                    Drift.MISSING_HERE,
                    Resolution.HEALING,
                    order,
                    inFlight,
                    "a refund of the payment awaits the PG's answer, which settles it",
                    false);
        }
        if (order.status() == OurRecords.OrderState.CANCEL && PG_CANCELED.equals(order.reason())) {
            // the order ended on the PG's verified word that this payment was cancelled: our records agree
            return cancelFollowed(row, order, "the order ended on it (PG_CANCELED)");
        }
        return switch (order.status()) {
            case COMPLETE ->
                order.refundedAmount() > ours.succeededRefunds(order.orderId())
                        ? cancelFollowed(row, order, "the order followed it (CANCELED_AT_PG)")
                        : heal(
                                row,
                                source,
                                Drift.MISSING_HERE,
                                order,
                                ours,
                                "cancelled at the PG without a refund of ours");
            case AWAITING_DEPOSIT ->
                heal(
                        row,
                        source,
                        Drift.MISSING_HERE,
                        order,
                        ours,
                        "cancelled at the PG while the order awaits its deposit");
            case FAIL, CANCEL ->
                reported(
                        row,
                        source,
                        Drift.MISSING_HERE,
                        order,
                        null,
                        "cancelled at the PG for an order that ended " + order.status() + ", without a refund of ours");
            case PREPAY, IN_PROGRESS, SUCCESS ->
                reported(
                        row,
                        source,
                        Drift.MISSING_HERE,
                        order,
                        null,
                        "cancelled at the PG for an order not paid here (" + order.status() + ")");
        };
    }

    /** A cancel made at the PG, not by a refund of ours, that the order already reflects. */
    private static Item cancelFollowed(PgTransaction row, Order order, String how) {
        return item(
                row,
                Source.PG_CANCEL,
                Drift.MISSING_HERE,
                Resolution.HEALED,
                order,
                null,
                "cancelled at the PG without a refund of ours; " + how,
                false);
    }

    /**
     * What the PG's word can settle: a look-up of the payment, asked once. A pending look-up will answer; one that
     * ended after the row's transaction answered already, and the order still disagrees, so a new one would too.
     */
    private static Item heal(
            PgTransaction row, Source source, Drift drift, Order order, OurRecords ours, String detail) {
        StatusCheck check = ours.check(order.orderId());
        if (check != null && check.pending()) {
            return item(
                    row, source, drift, Resolution.HEALING, order, null, detail + "; a look-up is under way", false);
        }
        // the PG states its times to the second: a look-up that ended within the row's second may have read the payment
        // before the row's transaction, so only one that ended after that whole second answered it
        if (check != null && !check.updatedAt().isBefore(row.transactionAt().plus(PG_TIME_RESOLUTION))) {
            return item(
                    row,
                    source,
                    drift,
                    Resolution.REPORTED,
                    order,
                    null,
                    detail + "; the PG's answer to a look-up made after it did not settle it",
                    false);
        }
        return item(row, source, drift, Resolution.HEALING, order, null, detail + "; the payment is looked up", true);
    }

    /**
     * A row of an order we do not know, or of a payment the order does not hold: only an operator can tell whose money
     * it is. Null when the row is the order's own.
     */
    private static Item notOurs(PgTransaction row, Source source, Order order, String what) {
        if (order == null) {
            return reported(row, source, Drift.MISSING_HERE, null, null, what + " for an order we do not know");
        }
        if (holdsAnotherPayment(order, row)) {
            return reported(
                    row, source, Drift.MISSING_HERE, order, null, what + " for a payment the order does not hold");
        }
        return null;
    }

    private static boolean holdsAnotherPayment(Order order, PgTransaction row) {
        return order.paymentKey() != null && !Objects.equals(order.paymentKey(), row.paymentKey());
    }

    private static Item matched(PgTransaction row, Source source, Order order, Refund refund) {
        return item(row, source, Drift.MATCHED, Resolution.NONE, order, refund, null, false);
    }

    private static Item reported(
            PgTransaction row, Source source, Drift drift, Order order, Refund refund, String detail) {
        return item(row, source, drift, Resolution.REPORTED, order, refund, detail, false);
    }

    /** A PG row's item; what it was matched against is the refund when there is one, else the order. */
    private static Item item(
            PgTransaction row,
            Source source,
            Drift drift,
            Resolution resolution,
            Order order,
            Refund refund,
            String detail,
            boolean lookUp) {
        String ourStatus = refund != null
                ? refund.status().name()
                : order != null ? order.status().name() : null;
        Long ourAmount = refund != null ? Long.valueOf(refund.amount()) : order != null ? order.amount() : null;
        return new Item(
                drift,
                resolution,
                source,
                row.orderId(),
                row.paymentKey(),
                row.transactionKey(),
                refund == null ? null : refund.refundId(),
                row.status().name(),
                row.amount(),
                ourStatus,
                ourAmount,
                row.transactionAt(),
                detail,
                lookUp);
    }
}
