package dev.payments.faults.check;

import dev.payments.faults.check.InvariantChecker.Completion;
import dev.payments.faults.check.InvariantChecker.Ledger;
import dev.payments.faults.check.ReconciliationRun.Item;
import dev.payments.faults.load.OrderKind;
import dev.payments.faults.load.PlannedOrder.ConsoleCancel;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The rules of the drift the load injected ({@link OrderKind#drift()}), as pure functions of the reconciliation
 * runs' items, the order's row, its records and the PG's ledger, so that each can be tested on hand-made inputs: the
 * first run of the window finds each drift, HEALING; once healed, the order is what the PG's word makes it, and the
 * second run of the window matches the PG's row (or lists a cancel made at the PG again, HEALED); no run lists
 * anything else. Each returns null when the rule holds, otherwise one line that says what is wrong.
 */
final class DriftCheck {

    static final String CANCELED_AT_PG = "CANCELED_AT_PG";

    private DriftCheck() {}

    /**
     * A drift the load made: the order, its kind, and the transactionKey of the PG's row it wrote when the load knows
     * it (a console cancel's).
     */
    record Injected(String orderId, OrderKind kind, String transactionKey) {

        OrderKind.Drift drift() {
            return kind.drift();
        }

        /** Whether {@code item} is this drift's: its order, the class and source the drift's row must be given. */
        boolean lists(Item item) {
            return orderId.equals(item.orderId())
                    && drift().itemClass().equals(item.itemClass())
                    && drift().source().equals(item.source())
                    && (transactionKey == null || transactionKey.equals(item.transactionKey()));
        }
    }

    /** The first run of the window lists the drift with its class and source, HEALING (a look-up of the payment). */
    static String found(Injected drift, List<Item> firstRun) {
        List<Item> listed = firstRun.stream().filter(drift::lists).toList();
        if (listed.isEmpty()) {
            return "%s: the reconciliation did not find the drift (no %s %s item; the order's items: %s)"
                    .formatted(
                            drift.kind(),
                            drift.drift().itemClass(),
                            drift.drift().source(),
                            lines(ofOrder(drift, firstRun)));
        }
        return listed.size() == 1
                        && ReconciliationRun.HEALING.equals(listed.getFirst().resolution())
                ? null
                : "%s: found as %s, not one item HEALING".formatted(drift.kind(), lines(listed));
    }

    /**
     * The second run of the window, once the heals were applied: an approval the PG made is matched (the order took
     * it, or gave it back), so the order has no item; a cancel made at the PG stays listed, HEALED (the order followed
     * it), and nothing else.
     */
    static String settled(Injected drift, List<Item> secondRun) {
        List<Item> own = ofOrder(drift, secondRun);
        if (!drift.drift().listedOnceHealed()) {
            return own.isEmpty() ? null : "%s: still listed once healed: %s".formatted(drift.kind(), lines(own));
        }
        return own.size() == 1
                        && drift.lists(own.getFirst())
                        && ReconciliationRun.HEALED.equals(own.getFirst().resolution())
                ? null
                : "%s: once healed, listed as %s, not one %s %s HEALED"
                        .formatted(
                                drift.kind(),
                                lines(own),
                                drift.drift().itemClass(),
                                drift.drift().source());
    }

    /**
     * The items of a run that are no injected drift's: every other PG row must be matched, and every order COMPLETE and
     * refund SUCCEEDED in the window must be listed by the PG. In the second run, an approval's drift is matched too.
     */
    static List<Item> unexpected(List<Item> items, Map<String, Injected> injected, boolean secondRun) {
        return items.stream()
                .filter(item -> {
                    Injected drift = item.orderId() == null ? null : injected.get(item.orderId());
                    return drift == null
                            || !drift.lists(item)
                            || (secondRun && !drift.drift().listedOnceHealed());
                })
                .toList();
    }

    /**
     * An order that expired at our side and whose payment the PG then approved behind our back ends CANCEL,
     * EXPIRED, and its payment is given back exactly once: one approval and one cancel of the whole amount at the PG,
     * which shows the payment CANCELED.
     */
    static String approvedAfterExpiryGivenBack(String status, String reason, long amount, Ledger pg) {
        if (!"CANCEL".equals(status) || !"EXPIRED".equals(reason)) {
            return "approved after it expired, but the order ended " + status + " " + reason;
        }
        return pg.approvals() == 1
                        && pg.cancels() == 1
                        && pg.canceledAmount() == amount
                        && "CANCELED".equals(pg.status())
                ? null
                : "approved after it expired: the PG shows %s, %d approvals, %d cancels of %d, not one cancel of %d"
                        .formatted(pg.status(), pg.approvals(), pg.cancels(), pg.canceledAmount(), amount);
    }

    /**
     * A COMPLETE order whose payment was cancelled in the PG's console stays COMPLETE, its refundedAmount follows the
     * PG (its SUCCEEDED refunds plus the console's cancel), and the shop got exactly one distinct {@code
     * payment.order.anomaly} CANCELED_AT_PG ({@code <orderId>:anomaly:CANCELED_AT_PG}).
     */
    static String consoleCancelFollowed(
            String orderId,
            String status,
            long refundedAmount,
            long succeededRefunds,
            ConsoleCancel cancel,
            List<Completion> records) {
        if (!"COMPLETE".equals(status)) {
            return "cancelled in the PG's console, but the order is " + status;
        }
        if (refundedAmount != succeededRefunds + cancel.amount()) {
            return "cancelled %d in the PG's console (%d by our refunds), but refunded_amount is %d"
                    .formatted(cancel.amount(), succeededRefunds, refundedAmount);
        }
        Set<String> surfaced = records.stream()
                .filter(r -> r.type().equals(EventType.ORDER_ANOMALY.type()) && CANCELED_AT_PG.equals(r.reason()))
                .map(Completion::id)
                .collect(Collectors.toCollection(TreeSet::new));
        String expected = EventIds.anomaly(orderId, CANCELED_AT_PG);
        return surfaced.equals(Set.of(expected))
                ? null
                : "cancel in the PG's console surfaced by " + surfaced + ", not one " + expected;
    }

    /** An unannounced deposit: the PG took it and dropped its webhooks, so only the reconciliation could find it. */
    static String depositUnannounced(Ledger pg) {
        return pg.deposits() == 1 && pg.webhooksDropped() > 0
                ? null
                : "the deposit was not made unannounced: the PG shows %d deposits, %d webhooks dropped"
                        .formatted(pg.deposits(), pg.webhooksDropped());
    }

    /** The items of the drift's order. */
    private static List<Item> ofOrder(Injected drift, List<Item> items) {
        return items.stream()
                .filter(i -> Objects.equals(drift.orderId(), i.orderId()))
                .toList();
    }

    private static String lines(List<Item> items) {
        return items.stream().map(Item::line).toList().toString();
    }
}
