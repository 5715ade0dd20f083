package dev.payments.worker.reconcile.ledger;

import dev.payments.support.logging.OrderLogContext;
import dev.payments.worker.pg.client.PgTransaction;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.pg.status.StatusCheckRequests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One reconciliation run over a window (docs/contract.md §5 "Reconciliation"): claim the window, read the PG's
 * transactions page by page (the window widened by {@code margin}), classify each page's rows inside the window against
 * our records of their orders, then ours the PG does not list; request the look-ups that heal what the PG's word can
 * settle; store the run with its counts and its unmatched items; count, and log every item an operator must see.
 *
 * <p>It never writes an order or a refund: a heal is a status check, whose verified answer the order's partition
 * applies like any other. Several instances may run at once: the claim of the window ({@link ReconciliationRuns})
 * decides which one reads it.
 */
@Component
class LedgerReconciliation {

    private static final Logger log = LoggerFactory.getLogger(LedgerReconciliation.class);

    /** What became of a request for a run. */
    sealed interface Outcome {

        /** The run read every page and stored its result. */
        record Done(long runId) implements Outcome {}

        /** The run was claimed and failed (stored FAILED with its error when it was still ours). */
        record Failed(long runId, String error) implements Outcome {}

        /** The window is DONE already (a scheduled one), or RUNNING elsewhere: nothing was read. */
        record NotStarted(String why) implements Outcome {}
    }

    private final ReconciliationRuns runs;
    private final OurLedger ours;
    private final TransactionPages pages;
    private final StatusCheckRequests statusChecks;
    private final TransactionTemplate transactions;
    private final ReconciliationProperties settings;
    private final MeterRegistry meters;
    private final AtomicLong openItems = new AtomicLong();
    /** This instance, as the owner of the runs it claims. */
    private final String owner = "worker-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);

    LedgerReconciliation(
            ReconciliationRuns runs,
            OurLedger ours,
            TossPaymentsClient pg,
            StatusCheckRequests statusChecks,
            TransactionTemplate transactions,
            ReconciliationProperties settings,
            MeterRegistry meters) {
        this.runs = runs;
        this.ours = ours;
        this.pages = new TransactionPages(pg, settings, Thread::sleep);
        this.statusChecks = statusChecks;
        this.transactions = transactions;
        this.settings = settings;
        this.meters = meters;
        Gauge.builder("payments.reconciliation.open", openItems, AtomicLong::get)
                .description("Open reconciliation items (HEALING or REPORTED in the latest run covering them), as of"
                        + " this instance's latest run")
                .register(meters);
    }

    /** Claims and runs {@code kind} over {@code window}, now, on the caller's thread. */
    Outcome run(RunKind kind, Window window) {
        Optional<Long> claimed = kind == RunKind.MANUAL
                ? runs.claimManual(window, owner, settings.lease())
                : runs.claimScheduled(kind, window, owner, settings.lease());
        if (claimed.isEmpty()) {
            String why = kind == RunKind.MANUAL
                    ? "the window is being reconciled already"
                    : "the window is reconciled already, or being reconciled";
            log.debug("No {} reconciliation of {} to {}: {}", kind, window.start(), window.end(), why);
            return new Outcome.NotStarted(why);
        }
        long runId = claimed.get();
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = reconcile(runId, kind, window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = failed(runId, "interrupted (the worker is stopping)");
        } catch (RuntimeException e) {
            outcome = failed(runId, e.toString());
        }
        String result = outcome instanceof Outcome.Done ? "done" : "failed";
        Timer.builder("payments.reconciliation.duration")
                .description("How long reconciliation runs took, from claim to stored result")
                .tag("kind", kind.name())
                .tag("outcome", result)
                .register(meters)
                .record(Duration.ofNanos(System.nanoTime() - started));
        Counter.builder("payments.reconciliation.runs")
                .description("Reconciliation runs this instance claimed, by how they ended")
                .tag("kind", kind.name())
                .tag("outcome", result)
                .register(meters)
                .increment();
        if (outcome instanceof Outcome.Failed failed) {
            log.warn(
                    "Reconciliation run {} ({} {} to {}) failed: {}",
                    runId,
                    kind,
                    window.start(),
                    window.end(),
                    failed.error());
        }
        refreshOpenItems();
        return outcome;
    }

    private Outcome reconcile(long runId, RunKind kind, Window window) throws InterruptedException {
        long started = System.nanoTime();
        List<Item> items = new ArrayList<>();
        Set<String> approvedPaymentKeys = new HashSet<>();
        Set<String> cancelTransactionKeys = new HashSet<>();
        int[] inWindow = {0};
        TransactionPages.Outcome read = pages.readAll(window.widenedBy(settings.margin()), rows -> {
            for (PgTransaction row : rows) {
                switch (row.status()) {
                    case DONE -> approvedPaymentKeys.add(row.paymentKey());
                    case CANCELED, PARTIAL_CANCELED -> cancelTransactionKeys.add(row.transactionKey());
                    default -> {}
                }
            }
            List<PgTransaction> inside = rows.stream()
                    .filter(row -> window.contains(row.transactionAt()))
                    .toList();
            inWindow[0] += inside.size();
            OurRecords records = ours.recordsOf(
                    inside.stream().map(PgTransaction::orderId).distinct().toList());
            items.addAll(LedgerMatcher.pgRows(inside, window, records));
            if (!runs.renew(runId, owner, settings.lease())) {
                throw new IllegalStateException("the run was taken over by another instance (its lease ran out)");
            }
        });
        if (read instanceof TransactionPages.Outcome.Failed failed) {
            return failed(runId, failed.error());
        }
        items.addAll(LedgerMatcher.ours(
                window, ours.completedIn(window), ours.refundedIn(window), approvedPaymentKeys, cancelTransactionKeys));
        requestLookUps(items);
        Counts counts = Counts.of(inWindow[0], items);
        List<Item> unmatched =
                items.stream().filter(item -> item.drift() != Drift.MATCHED).toList();
        if (!runs.finish(runId, owner, counts, unmatched)) {
            return new Outcome.Failed(runId, "the run was taken over by another instance (its lease ran out)");
        }
        report(runId, kind, window, counts, items, Duration.ofNanos(System.nanoTime() - started));
        return new Outcome.Done(runId);
    }

    /**
     * One status check per order whose item asks for one, each in a transaction of its own (as the reconciler of stuck
     * orders does): never two check rows held at once, so no deadlock with the consumer, which requests several in one.
     */
    private void requestLookUps(List<Item> items) {
        Map<String, Item> byOrder = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.lookUp()) {
                byOrder.putIfAbsent(item.orderId(), item);
            }
        }
        for (Item item : byOrder.values()) {
            transactions.executeWithoutResult(status ->
                    statusChecks.request(List.of(new StatusCheckRequests.Request(item.orderId(), item.paymentKey()))));
            statusChecks.committed();
        }
    }

    private Outcome failed(long runId, String error) {
        try {
            runs.fail(runId, owner, error);
        } catch (RuntimeException e) {
            // the lease runs out and a later claim fails it
            log.warn("Could not mark reconciliation run {} failed: {}", runId, e.toString());
        }
        return new Outcome.Failed(runId, error);
    }

    private void report(long runId, RunKind kind, Window window, Counts counts, List<Item> items, Duration took) {
        for (Item item : items) {
            Counter.builder("payments.reconciliation.items")
                    .description("Classified reconciliation items (PG transactions, and our records the PG does not"
                            + " list), matched included")
                    .tag("class", item.drift().name())
                    .tag("resolution", item.resolution().name())
                    .register(meters)
                    .increment();
            switch (item.resolution()) {
                case REPORTED -> logItem(runId, item, true);
                case HEALING -> logItem(runId, item, false);
                case NONE, HEALED -> {}
            }
        }
        log.info(
                "Reconciliation run {} ({} {} to {}) done in {} ms: {} PG transactions; matched {}, amount mismatch {},"
                        + " missing here {}, missing at the PG {}, status mismatch {}; healing {}, healed {},"
                        + " reported {}",
                runId,
                kind,
                window.start(),
                window.end(),
                took.toMillis(),
                counts.pgTransactions(),
                counts.of(Drift.MATCHED),
                counts.of(Drift.AMOUNT_MISMATCH),
                counts.of(Drift.MISSING_HERE),
                counts.of(Drift.MISSING_AT_PG),
                counts.of(Drift.STATUS_MISMATCH),
                counts.of(Resolution.HEALING),
                counts.of(Resolution.HEALED),
                counts.of(Resolution.REPORTED));
    }

    /** One line per item an operator must see: keys and amounts, never a token or a secret. */
    private static void logItem(long runId, Item item, boolean reported) {
        try (var logContext = OrderLogContext.order(item.orderId())) {
            String format = "Reconciliation run {}: {} {} of order {} (paymentKey {}, transactionKey {}, refund {}):"
                    + " PG {} {}, ours {} {}; {}";
            Object[] arguments = {
                runId,
                item.drift(),
                item.source(),
                item.orderId(),
                item.paymentKey(),
                item.transactionKey(),
                item.refundId(),
                item.pgStatus(),
                item.pgAmount(),
                item.ourStatus(),
                item.ourAmount(),
                item.detail()
            };
            if (reported) {
                log.error(format, arguments);
            } else {
                log.warn(format, arguments);
            }
        }
    }

    /** The open items as the database holds them now, for the gauge. */
    void refreshOpenItems() {
        try {
            openItems.set(runs.openItemCount());
        } catch (RuntimeException e) {
            log.warn("Could not count the open reconciliation items: {}", e.toString());
        }
    }
}
