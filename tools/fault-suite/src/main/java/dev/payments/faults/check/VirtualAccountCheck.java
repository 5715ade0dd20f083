package dev.payments.faults.check;

import dev.payments.faults.check.InvariantChecker.Completion;
import dev.payments.faults.check.InvariantChecker.Ledger;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The virtual-account invariants of one order, as pure functions of the order's row, its records on {@code
 * payments.completions} and the PG's ledger, so that each rule can be tested on hand-made inputs. Each returns null
 * when the rule holds, otherwise one line that says what is wrong.
 */
final class VirtualAccountCheck {

    static final String DEPOSIT_EXPIRED = "DEPOSIT_EXPIRED";
    static final String DEPOSIT_REVERSED = "DEPOSIT_REVERSED";

    private static final Set<String> TERMINAL = Set.of("COMPLETE", "FAIL", "CANCEL");

    private VirtualAccountCheck() {}

    /**
     * The order ended in one outcome: exactly one distinct completion ({@code <orderId>:completion}), saying the
     * order's status in every copy; and exactly one distinct {@code payment.order.awaiting-deposit} record ({@code
     * <orderId>:awaiting-deposit}) if the order reached AWAITING_DEPOSIT, none if it never did.
     */
    static String oneOutcome(String orderId, String status, boolean reachedAwaitingDeposit, List<Completion> records) {
        if (status == null || !TERMINAL.contains(status)) {
            return "the order has not ended: " + status;
        }
        Set<String> completionIds = ids(records, EventType.ORDER_COMPLETED);
        if (!completionIds.equals(Set.of(EventIds.completion(orderId)))) {
            return "completion records " + completionIds + ", not one " + EventIds.completion(orderId);
        }
        Set<String> said = records.stream()
                .filter(r -> r.type().equals(EventType.ORDER_COMPLETED.type()))
                .map(Completion::status)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!said.equals(Set.of(status))) {
            return "the order is " + status + ", its completion records say " + said;
        }
        Set<String> awaiting = ids(records, EventType.ORDER_AWAITING_DEPOSIT);
        Set<String> expected = reachedAwaitingDeposit ? Set.of(EventIds.awaitingDeposit(orderId)) : Set.of();
        return awaiting.equals(expected)
                ? null
                : "%s AWAITING_DEPOSIT, awaiting-deposit records %s"
                        .formatted(reachedAwaitingDeposit ? "reached" : "never", awaiting);
    }

    /** A deposited order ends COMPLETE, and the PG shows the one deposit in force: DONE with one approval. */
    static String depositedEndsComplete(String status, Ledger pg) {
        if (!"COMPLETE".equals(status)) {
            return "deposited, but the order ended " + status;
        }
        return pg.deposits() == 1 && pg.approvals() == 1 && "DONE".equals(pg.status())
                ? null
                : "deposited and COMPLETE, but the PG shows " + pg.depositSummary();
    }

    /**
     * An order left past its deadline ends CANCEL with reason DEPOSIT_EXPIRED, the PG took no money (no deposit, no
     * approval) and the deadline's cancel was made, once: the PG shows the payment CANCELED, so a late transfer
     * bounces.
     */
    static String expiredEndsCancelled(String status, String reason, Ledger pg) {
        if (!"CANCEL".equals(status) || !DEPOSIT_EXPIRED.equals(reason)) {
            return "past its deadline, but the order ended " + status + " " + reason;
        }
        return pg.deposits() == 0 && pg.approvals() == 0 && pg.cancels() == 1 && "CANCELED".equals(pg.status())
                ? null
                : "expired, but the PG shows " + pg.depositSummary();
    }

    /**
     * A transfer at the deadline: if the PG took the money (its ledger counts a deposit), the order is COMPLETE with
     * that one approval, or it ended CANCEL and the money was given back (the worker's give-back SUCCEEDED, the PG
     * showing the payment CANCELED): never an approval without a COMPLETE order. If the PG bounced it, the order expired as {@link
     * #expiredEndsCancelled} says.
     */
    static String raceSettledOnce(String status, String reason, Ledger pg, boolean givenBack) {
        if (pg.deposits() == 0) {
            String expired = expiredEndsCancelled(status, reason, pg);
            return expired == null ? null : "the PG bounced the transfer; " + expired;
        }
        if ("COMPLETE".equals(status)) {
            return pg.approvals() == 1 && "DONE".equals(pg.status())
                    ? null
                    : "the PG took the transfer and the order is COMPLETE, but the PG shows " + pg.depositSummary();
        }
        return "CANCEL".equals(status) && givenBack && "CANCELED".equals(pg.status())
                ? null
                : "the PG took the transfer, the order ended %s %s, the money %s (PG %s)"
                        .formatted(status, reason, givenBack ? "given back" : "not given back", pg.depositSummary());
    }

    /**
     * A deposit reversed after the order completed is surfaced: the order stays COMPLETE (the PG shows the payment
     * waiting for a deposit again, no approval in force) and the shop got exactly one distinct {@code
     * payment.order.anomaly} DEPOSIT_REVERSED ({@code <orderId>:anomaly:DEPOSIT_REVERSED}).
     */
    static String reversalSurfaced(String orderId, String status, Ledger pg, List<Completion> records) {
        if (!"COMPLETE".equals(status)) {
            return "reversed after it completed, but the order is " + status;
        }
        if (pg.depositReversals() < 1 || pg.approvals() != 0 || !"WAITING_FOR_DEPOSIT".equals(pg.status())) {
            return "reversed, but the PG shows " + pg.depositSummary();
        }
        Set<String> surfaced = records.stream()
                .filter(r -> r.type().equals(EventType.ORDER_ANOMALY.type()) && DEPOSIT_REVERSED.equals(r.reason()))
                .map(Completion::id)
                .collect(Collectors.toCollection(TreeSet::new));
        String expected = EventIds.anomaly(orderId, DEPOSIT_REVERSED);
        return surfaced.equals(Set.of(expected)) ? null : "reversal surfaced by " + surfaced + ", not one " + expected;
    }

    private static Set<String> ids(List<Completion> records, EventType type) {
        return records.stream()
                .filter(r -> r.type().equals(type.type()))
                .map(Completion::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
