package dev.payments.faults.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the checker found after one run: the figures the issue asks for, and {@link #violations()}, the invariants that
 * did not hold (empty when the run is good).
 *
 * @param recordsMissingFromTimeline records of the run's orders in {@code payments.order-events} that left no timeline
 *     row and are not in the DLT (events lost by the worker)
 * @param unexpectedOutcomes orders whose final status is not what the load generator's oracle expects
 * @param disagreements terminal orders whose database status, completion record and PG status disagree (COMPLETE
 *     needs exactly one approval and the PG's DONE, or a deposit the bank reversed since; FAIL / CANCEL need no
 *     approval and no DONE)
 * @param forgedEvents forged worker-internal events the load wrote, without a worker's proof or with a made-up one
 * @param forgedEventsRefused those whose every timeline row is REJECTED {@code UNAUTHENTICATED_EVENT}
 * @param genuineEventsShadowed genuine events taken for a repetition (or a reuse) of a forged event's id
 * @param completedWithoutApproval orders COMPLETE in the database or in a completion record whose payment the PG did
 *     not approve (no approval, or a status other than DONE; a deposit approved and then reversed counts as approved)
 * @param unexpectedAnomalies money-anomaly records ({@code payment.order.anomaly}) on {@code payments.completions}
 *     other than the DEPOSIT_REVERSED of the deposits the load had the bank reverse: the load moves no other money
 *     against an order's state
 * @param orderingViolations orders whose records were first recorded out of their offset order (see {@code
 *     InvariantChecker})
 * @param refunds the refunds of the run and their invariants
 * @param virtualAccounts the virtual-account orders of the run, their outcomes and their invariants
 * @param reconciliation the reconciliation of the run's window, and the drift the load injected
 */
public record Figures(
        String run,
        int orders,
        int generatorFailures,
        Duration loadTime,
        long retries,
        Map<String, Long> ordersByStatus,
        long nonTerminal,
        long unexpectedOutcomes,
        long eventsInTopic,
        long timelineRows,
        long recordsMissingFromTimeline,
        long dltRecords,
        long maxApprovalsPerOrder,
        long ordersApprovedMoreThanOnce,
        long distinctCompletionIds,
        long completionRecords,
        long terminalOrders,
        long disagreements,
        long forged,
        long forgedRefused,
        long tampered,
        long tamperedRefused,
        long forgedEvents,
        long forgedEventsRefused,
        long genuineEventsShadowed,
        long completedWithoutApproval,
        long unexpectedAnomalies,
        long orderingViolations,
        Refunds refunds,
        VirtualAccounts virtualAccounts,
        Reconciliation reconciliation,
        List<Recovery> recoveries,
        List<String> examples) {

    /**
     * The run's refunds: what the shop asked for and what came of it, the give-backs of payments the PG approved behind
     * our back, what the PG cancelled, and the orders that broke a refund invariant.
     *
     * @param requested distinct refunds the shop asked for (through the edge or its producer)
     * @param sent refund requests sent (a refund sent twice counts twice)
     * @param succeeded the shop's refunds SUCCEEDED
     * @param failed the shop's refunds FAILED with the PG's code (the PG refused the cancel)
     * @param refused refunds the worker refused (NOT_REFUNDABLE, REFUND_EXCEEDS_BALANCE, CONFLICTING_REFUND) or the edge
     *     refused early (409, nothing written)
     * @param approvedBehindBack payments the PG approved behind our back for an order that had ended
     * @param givenBack the worker's give-backs SUCCEEDED
     * @param pgCancels cancels the PG made for the run's orders
     * @param canceledAmount KRW the PG gave back for the run's orders
     * @param notAsPlanned orders whose refunds did not come to what the load's oracle expects
     * @param pgDisagrees orders whose PG cancelled amount is not the sum of their SUCCEEDED refunds, or exceeds what
     *     was paid
     * @param notOneCancelPerRefund orders whose PG cancels do not match their SUCCEEDED refunds one to one
     * @param recordsDisagree orders whose refunds do not have exactly one distinct completion record each once ended
     *     (and none while REQUESTED)
     * @param stillRequested refunds still REQUESTED when the run is quiet
     * @param notGivenBack payments approved behind our back and not given back whole
     * @param refundedAmountDisagrees orders whose refunded_amount is not the sum of their SUCCEEDED refunds
     */
    public record Refunds(
            long requested,
            long sent,
            long succeeded,
            long failed,
            long refused,
            long approvedBehindBack,
            long givenBack,
            long pgCancels,
            long canceledAmount,
            long notAsPlanned,
            long pgDisagrees,
            long notOneCancelPerRefund,
            long recordsDisagree,
            long stillRequested,
            long notGivenBack,
            long refundedAmountDisagrees) {

        /** No refund at all: a run whose load asked for none. */
        public static final Refunds NONE = new Refunds(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        void violations(List<String> v) {
            check(v, notAsPlanned == 0, notAsPlanned + " orders whose refunds ended other than the oracle expects");
            check(
                    v,
                    pgDisagrees == 0,
                    pgDisagrees + " orders whose PG cancelled amount is not the sum of their SUCCEEDED refunds or"
                            + " exceeds what was paid");
            check(
                    v,
                    notOneCancelPerRefund == 0,
                    notOneCancelPerRefund + " orders whose PG cancels are not one per SUCCEEDED refund");
            check(
                    v,
                    recordsDisagree == 0,
                    recordsDisagree + " orders without exactly one payment.refund.completed per ended refund");
            check(v, stillRequested == 0, stillRequested + " refunds still REQUESTED");
            check(
                    v,
                    notGivenBack == 0,
                    notGivenBack + " of " + approvedBehindBack + " payments approved behind our back not given back");
            check(
                    v,
                    refundedAmountDisagrees == 0,
                    refundedAmountDisagrees
                            + " orders whose refunded_amount is not the sum of their SUCCEEDED refunds");
        }

        /** The refund invariants broken, summed over the kinds. */
        long broken() {
            return notAsPlanned
                    + pgDisagrees
                    + notOneCancelPerRefund
                    + recordsDisagree
                    + stillRequested
                    + notGivenBack
                    + refundedAmountDisagrees;
        }
    }

    /**
     * The run's virtual-account orders (가상계좌): how each kind ended, and the orders that broke a virtual-account
     * invariant.
     *
     * @param orders orders of a virtual-account kind
     * @param awaitedDeposit those that reached AWAITING_DEPOSIT
     * @param depositsTaken those whose transfer the PG took (its ledger counts a deposit)
     * @param depositsBounced transfers the PG bounced (made past the account's due date)
     * @param depositsReversed deposits the bank reversed after the order completed
     * @param outcomes orders by kind (a transfer at the deadline: taken or bounced) and final status and reason
     * @param notOneOutcome orders without exactly one distinct completion saying their status, or without exactly one
     *     awaiting-deposit record once they reached AWAITING_DEPOSIT (or with one when they never did)
     * @param depositedNotComplete deposited orders not COMPLETE with the one approval in force
     * @param expiredNotCancelled orders past their deadline not CANCEL DEPOSIT_EXPIRED, with an approval, or with their
     *     payment not cancelled at the PG
     * @param raceNotSettled transfers at the deadline the PG took for an order not COMPLETE whose money was not given
     *     back, or bounced for an order that did not expire as above
     * @param reversalNotSurfaced reversed deposits whose order is not COMPLETE or that have not exactly one
     *     DEPOSIT_REVERSED anomaly record
     */
    public record VirtualAccounts(
            long orders,
            long awaitedDeposit,
            long depositsTaken,
            long depositsBounced,
            long depositsReversed,
            Map<String, Long> outcomes,
            long notOneOutcome,
            long depositedNotComplete,
            long expiredNotCancelled,
            long raceNotSettled,
            long reversalNotSurfaced) {

        /** No virtual-account order: a run whose load had none. */
        public static final VirtualAccounts NONE = new VirtualAccounts(0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0);

        public VirtualAccounts {
            outcomes = Map.copyOf(outcomes);
        }

        void violations(List<String> v) {
            check(
                    v,
                    notOneOutcome == 0,
                    notOneOutcome + " virtual-account orders without one completion and one awaiting-deposit record");
            check(
                    v,
                    depositedNotComplete == 0,
                    depositedNotComplete + " deposited orders not COMPLETE with one approval");
            check(
                    v,
                    expiredNotCancelled == 0,
                    expiredNotCancelled + " orders past their deadline not CANCEL DEPOSIT_EXPIRED, unpaid and cancelled"
                            + " at the PG");
            check(
                    v,
                    raceNotSettled == 0,
                    raceNotSettled + " transfers at the deadline not settled in one outcome backed by the PG");
            check(
                    v,
                    reversalNotSurfaced == 0,
                    reversalNotSurfaced + " reversed deposits not surfaced by one DEPOSIT_REVERSED");
        }

        /** The virtual-account invariants broken, summed over the rules. */
        long broken() {
            return notOneOutcome + depositedNotComplete + expiredNotCancelled + raceNotSettled + reversalNotSurfaced;
        }

        /** In a few words: how many, and how they ended. */
        String summary() {
            return "%d (%d awaited a deposit): %d deposits taken, %d bounced, %d reversed"
                    .formatted(orders, awaitedDeposit, depositsTaken, depositsBounced, depositsReversed);
        }
    }

    /**
     * The reconciliation of the run's window (two MANUAL runs of it, the second once the first one's heals were
     * applied) and the drift the load injected.
     *
     * @param report the two runs and what the second one asked the PG and changed
     * @param injectedByKind drifts the load made, by kind
     * @param injected drifts the load made
     * @param found those the first run listed with their drift's class and source, HEALING
     * @param healed those whose order ended as the PG's word makes it and that the second run matched (or listed again
     *     HEALED: a cancel made at the PG)
     * @param unexpectedFirst items of the first run that are no injected drift's
     * @param unexpectedSecond items of the second run that are no healed drift's
     */
    public record Reconciliation(
            Reconciliations.Report report,
            Map<String, Long> injectedByKind,
            long injected,
            long found,
            long healed,
            long unexpectedFirst,
            long unexpectedSecond) {

        public Reconciliation {
            injectedByKind = Map.copyOf(injectedByKind);
        }

        public ReconciliationRun first() {
            return report.first();
        }

        public ReconciliationRun second() {
            return report.second();
        }

        void violations(List<String> v) {
            if (report.error() != null) {
                v.add("the reconciliation could not be run: " + report.error());
                return;
            }
            check(
                    v,
                    first().done() && second().done(),
                    "reconciliation runs not DONE: " + first().state() + ", " + second().state());
            check(
                    v,
                    found == injected,
                    (injected - found) + " of " + injected + " drifted items not found by the reconciliation");
            check(
                    v,
                    healed == injected,
                    (injected - healed) + " of " + injected + " drifted items not healed or reported");
            check(
                    v,
                    unexpectedFirst == 0,
                    unexpectedFirst + " items of the first reconciliation that are no injected drift's");
            check(
                    v,
                    unexpectedSecond == 0,
                    unexpectedSecond + " items of the second reconciliation that are no healed drift's");
            check(
                    v,
                    second().resolved(ReconciliationRun.HEALING) == 0
                            && report.newCancels() == 0
                            && report.driftLookupsAdded() == 0,
                    "the second reconciliation asked the PG again: %d items healing, %d look-ups of drifted payments, %d"
                                    .formatted(
                                            second().resolved(ReconciliationRun.HEALING),
                                            report.driftLookupsAdded(),
                                            report.newCancels())
                            + " cancels");
            check(
                    v,
                    report.ordersChanged() == 0,
                    report.ordersChanged() + " orders and refunds changed by the second reconciliation");
        }

        /** The reconciliation invariants broken, summed over the rules. */
        long broken() {
            List<String> v = new ArrayList<>();
            violations(v);
            return v.size();
        }

        /** The drifted items found / injected, by kind. */
        public String drift() {
            return "%d / %d %s".formatted(found, injected, new TreeMap<>(injectedByKind));
        }

        /** Every run with its items that are not MATCHED, one line each: the reconciliation report. */
        public String text() {
            if (report.error() != null) {
                return "reconciliation of %s to %s: could not be run: %s%n"
                        .formatted(report.from(), report.to(), report.error());
            }
            StringBuilder r =
                    new StringBuilder("reconciliation of %s to %s (MANUAL)%n".formatted(report.from(), report.to()));
            for (ReconciliationRun run : List.of(first(), second())) {
                r.append("  ").append(run.summary()).append('\n');
                run.items().forEach(i -> r.append("    ").append(i.line()).append('\n'));
            }
            return r.toString();
        }
    }

    /**
     * How the system came back after one fault.
     *
     * @param resumedAfter from the fault's end to the first order becoming terminal after it (null: none did)
     * @param drainedAfter from the fault's end to the last order the generator had finished before the fault's end
     *     becoming terminal (0 when all of them were already terminal)
     */
    public record Recovery(String fault, Duration downFor, Duration resumedAfter, Duration drainedAfter) {}

    /** The invariants that did not hold; empty when the run is good. */
    public List<String> violations() {
        List<String> v = new ArrayList<>();
        check(v, generatorFailures == 0, "the load generator could not drive " + generatorFailures + " orders");
        check(v, nonTerminal == 0, nonTerminal + " orders are not terminal");
        check(v, unexpectedOutcomes == 0, unexpectedOutcomes + " orders ended other than the oracle expects");
        check(v, recordsMissingFromTimeline == 0, recordsMissingFromTimeline + " records left no timeline row");
        check(
                v,
                dltRecords == 0,
                dltRecords + " records dead-lettered (the load sends no poison: a live event was lost)");
        check(v, maxApprovalsPerOrder <= 1, ordersApprovedMoreThanOnce + " orders approved more than once");
        check(
                v,
                distinctCompletionIds == terminalOrders,
                distinctCompletionIds + " distinct completion ids for " + terminalOrders + " terminal orders");
        check(v, disagreements == 0, disagreements + " orders where DB, completion and PG disagree");
        check(v, forgedRefused == forged, (forged - forgedRefused) + " forged callbacks not refused");
        check(v, tamperedRefused == tampered, (tampered - tamperedRefused) + " tampered callbacks not refused");
        check(
                v,
                forgedEventsRefused == forgedEvents,
                (forgedEvents - forgedEventsRefused) + " forged internal events not refused UNAUTHENTICATED_EVENT");
        check(v, genuineEventsShadowed == 0, genuineEventsShadowed + " genuine events shadowed by a forged event's id");
        check(
                v,
                completedWithoutApproval == 0,
                completedWithoutApproval + " orders COMPLETE without the PG's approval");
        check(
                v,
                unexpectedAnomalies == 0,
                unexpectedAnomalies + " money-anomaly records on payments.completions beyond the reversed deposits'");
        check(v, orderingViolations == 0, orderingViolations + " per-order ordering violations");
        refunds.violations(v);
        virtualAccounts.violations(v);
        reconciliation.violations(v);
        return v;
    }

    private static void check(List<String> violations, boolean holds, String message) {
        if (!holds) {
            violations.add(message);
        }
    }

    /** The figures as a table for a terminal or a README. */
    public String table() {
        StringBuilder t = new StringBuilder();
        t.append("| %s | %s |%n".formatted("run " + run, ""));
        t.append("|---|---|\n");
        row(
                t,
                "orders (edge + shop producer)",
                orders + (generatorFailures > 0 ? " (" + generatorFailures + " not driven)" : ""));
        row(
                t,
                "load time, throughput",
                "%.1f s, %.0f orders/s, %d calls retried"
                        .formatted(
                                loadTime.toMillis() / 1000.0,
                                orders / Math.max(0.001, loadTime.toMillis() / 1000.0),
                                retries));
        row(t, "orders by final status", ordersByStatus.toString());
        row(t, "not terminal / not as expected", nonTerminal + " / " + unexpectedOutcomes);
        row(
                t,
                "events read vs timeline rows",
                "%d records in payments.order-events, %d timeline rows, %d records without a row, %d in the DLT"
                        .formatted(eventsInTopic, timelineRows, recordsMissingFromTimeline, dltRecords));
        row(
                t,
                "approvals per order (must be <= 1)",
                "max " + maxApprovalsPerOrder + ", " + ordersApprovedMoreThanOnce + " orders above 1");
        row(
                t,
                "distinct completion ids vs terminal orders",
                "%d vs %d (%d completion records)".formatted(distinctCompletionIds, terminalOrders, completionRecords));
        row(t, "DB / completion / PG status disagree", Long.toString(disagreements));
        row(
                t,
                "forged / tampered callbacks refused",
                "%d/%d, %d/%d (%s)"
                        .formatted(
                                forgedRefused,
                                forged,
                                tamperedRefused,
                                tampered,
                                forgedRefused + tamperedRefused == forged + tampered ? "100 %" : "NOT 100 %"));
        row(
                t,
                "forged internal events refused (UNAUTHENTICATED_EVENT)",
                "%d/%d (%s), %d genuine events shadowed by a forged id"
                        .formatted(
                                forgedEventsRefused,
                                forgedEvents,
                                forgedEventsRefused == forgedEvents ? "100 %" : "NOT 100 %",
                                genuineEventsShadowed));
        row(
                t,
                "COMPLETE without the PG's approval / money-anomaly records",
                completedWithoutApproval + " / " + unexpectedAnomalies);
        row(t, "per-order ordering violations", Long.toString(orderingViolations));
        row(
                t,
                "refunds requested (sent) / succeeded / failed at the PG / refused",
                "%d (%d) / %d / %d / %d"
                        .formatted(
                                refunds.requested(),
                                refunds.sent(),
                                refunds.succeeded(),
                                refunds.failed(),
                                refunds.refused()));
        row(t, "approved behind our back / given back", refunds.approvedBehindBack() + " / " + refunds.givenBack());
        row(t, "PG cancels / cancelled amount", "%d / %d KRW".formatted(refunds.pgCancels(), refunds.canceledAmount()));
        row(
                t,
                "refunds not as expected / PG cancelled amount != SUCCEEDED refunds / PG cancels not one per refund",
                "%d / %d / %d"
                        .formatted(refunds.notAsPlanned(), refunds.pgDisagrees(), refunds.notOneCancelPerRefund()));
        row(
                t,
                "refund records not one per ended refund / still REQUESTED / not given back / refunded_amount wrong",
                "%d / %d / %d / %d"
                        .formatted(
                                refunds.recordsDisagree(),
                                refunds.stillRequested(),
                                refunds.notGivenBack(),
                                refunds.refundedAmountDisagrees()));
        row(t, "virtual accounts", virtualAccounts.summary());
        row(t, "virtual accounts by kind: final status", new TreeMap<>(virtualAccounts.outcomes()).toString());
        row(
                t,
                "virtual accounts not one outcome / deposited not COMPLETE / expired wrong / race unsettled / reversal"
                        + " not surfaced",
                "%d / %d / %d / %d / %d"
                        .formatted(
                                virtualAccounts.notOneOutcome(),
                                virtualAccounts.depositedNotComplete(),
                                virtualAccounts.expiredNotCancelled(),
                                virtualAccounts.raceNotSettled(),
                                virtualAccounts.reversalNotSurfaced()));
        ReconciliationRun first = reconciliation.first();
        ReconciliationRun second = reconciliation.second();
        Reconciliations.Report report = reconciliation.report();
        row(
                t,
                "reconciliation of the run's window (two MANUAL runs)",
                report.error() == null
                        ? "%s to %s: runs %d and %d"
                                .formatted(report.from(), report.to(), first.runId(), second.runId())
                        : "could not be run: " + report.error());
        row(
                t,
                "first run: PG transactions / matched / amount mismatch / missing here / missing at PG / status mismatch",
                classes(first));
        row(t, "first run: healing / healed / reported", resolutions(first));
        row(t, "drifted items found / injected", reconciliation.drift());
        row(
                t,
                "drifted items healed or reported / injected",
                reconciliation.healed() + " / " + reconciliation.injected());
        row(
                t,
                "second run: PG transactions / matched / amount mismatch / missing here / missing at PG / status mismatch",
                classes(second));
        row(t, "second run: healing / healed / reported", resolutions(second));
        row(
                t,
                "second run asked the PG: look-ups (every order's) / look-ups of drifted payments / cancels; orders and"
                        + " refunds it changed",
                "%d / %d / %d; %d"
                        .formatted(
                                report.newLookups(),
                                report.driftLookupsAdded(),
                                report.newCancels(),
                                report.ordersChanged()));
        row(
                t,
                "items that are no injected drift's: first run / second run",
                reconciliation.unexpectedFirst() + " / " + reconciliation.unexpectedSecond());
        for (Recovery r : recoveries) {
            row(
                    t,
                    "recovery: " + r.fault(),
                    "down %s, completing again %s after, backlog drained %s after"
                            .formatted(seconds(r.downFor()), seconds(r.resumedAfter()), seconds(r.drainedAfter())));
        }
        List<String> violations = violations();
        row(t, "invariants", violations.isEmpty() ? "all hold" : "BROKEN: " + String.join("; ", violations));
        return t.toString();
    }

    /** The header of {@link #summaryRow(String)}: one line per scenario, for a README. */
    public static String summaryHeader() {
        return """
                | scenario | orders | load | final status | records / timeline rows | max approvals per order | distinct completions / terminal orders | disagree | forged, tampered refused | forged internal events refused, COMPLETE without approval | ordering violations | refunds requested | succeeded | failed | refused | given back | PG cancels | cancelled amount | refund invariants broken | virtual accounts | virtual-account invariants broken | PG transactions | matched | amount mismatch | missing here | missing at PG | status mismatch | healing / healed / reported | drifted items found / injected | second run: unmatched (healed), new cancels | reconciliation invariants broken | after each fault: completing again / backlog drained |
                |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
                """;
    }

    public String summaryRow(String scenario) {
        String recovered = recoveries.isEmpty()
                ? "-"
                : String.join(
                        "; ",
                        recoveries.stream()
                                .map(r -> "%s: %s / %s"
                                        .formatted(r.fault(), seconds(r.resumedAfter()), seconds(r.drainedAfter())))
                                .toList());
        return "| %s | %d | %.1f s, %.0f orders/s, %d calls retried | %s | %d / %d (%d without a row, %d in the DLT) | %d | %d / %d | %d | %d/%d, %d/%d | %d/%d, %d | %d | %d | %d | %d | %d | %d/%d | %d | %d | %d | %s | %d | %s | %s | %s | %s | %d | %s |%n"
                .formatted(
                        scenario,
                        orders,
                        loadTime.toMillis() / 1000.0,
                        orders / Math.max(0.001, loadTime.toMillis() / 1000.0),
                        retries,
                        ordersByStatus,
                        eventsInTopic,
                        timelineRows,
                        recordsMissingFromTimeline,
                        dltRecords,
                        maxApprovalsPerOrder,
                        distinctCompletionIds,
                        terminalOrders,
                        disagreements,
                        forgedRefused,
                        forged,
                        tamperedRefused,
                        tampered,
                        forgedEventsRefused,
                        forgedEvents,
                        completedWithoutApproval,
                        orderingViolations,
                        refunds.requested(),
                        refunds.succeeded(),
                        refunds.failed(),
                        refunds.refused(),
                        refunds.givenBack(),
                        refunds.approvedBehindBack(),
                        refunds.pgCancels(),
                        refunds.canceledAmount(),
                        refunds.broken(),
                        virtualAccounts.summary(),
                        virtualAccounts.broken(),
                        classes(reconciliation.first()).replace(" / ", " | "),
                        resolutions(reconciliation.first()),
                        reconciliation.drift(),
                        "%d (%d), %d"
                                .formatted(
                                        reconciliation.second().unmatched(),
                                        reconciliation.second().resolved(ReconciliationRun.HEALED),
                                        reconciliation.report().newCancels()),
                        reconciliation.broken(),
                        recovered);
    }

    private static String classes(ReconciliationRun run) {
        return "%d / %d / %d / %d / %d / %d"
                .formatted(
                        run.pgTransactions(),
                        run.count(ReconciliationRun.MATCHED),
                        run.count(ReconciliationRun.AMOUNT_MISMATCH),
                        run.count(ReconciliationRun.MISSING_HERE),
                        run.count(ReconciliationRun.MISSING_AT_PG),
                        run.count(ReconciliationRun.STATUS_MISMATCH));
    }

    private static String resolutions(ReconciliationRun run) {
        return "%d / %d / %d"
                .formatted(
                        run.resolved(ReconciliationRun.HEALING),
                        run.resolved(ReconciliationRun.HEALED),
                        run.resolved(ReconciliationRun.REPORTED));
    }

    private static void row(StringBuilder t, String name, String value) {
        t.append("| %s | %s |%n".formatted(name, value));
    }

    private static String seconds(Duration d) {
        return d == null ? "n/a" : "%.1f s".formatted(d.toMillis() / 1000.0);
    }
}
