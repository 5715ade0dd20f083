package dev.payments.faults.check;

import static org.awaitility.Awaitility.await;

import dev.payments.faults.load.OrderKind;
import dev.payments.faults.load.PlannedOrder;
import dev.payments.faults.stack.ProcessStack;
import dev.payments.schemas.EventType;
import dev.payments.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the system did with a run's orders (all orderIds starting with the run's prefix and a dash) from PostgreSQL ({@code orders},
 * {@code order_timeline}, {@code refunds}), {@code payments.order-events}, {@code payments.completions}, the DLT and the
 * PG sandbox's ledger and payments, and compares it with the invariants and the load generator's oracle. The refund
 * invariants of one order are {@link RefundCheck}'s, the virtual-account ones {@link VirtualAccountCheck}'s.
 *
 * <p>An <b>ordering violation</b> is an order whose records were not first recorded in the order of their offsets:
 * take the order's timeline rows by recording time (then row id), keep the first row of each Kafka record
 * (partition, offset) -- a record read again after a crash or a rebalance, or a parked record applied when its order
 * arrived, has a later second row --, and the offsets must then strictly increase, all on one partition.
 */
public final class InvariantChecker {

    private static final Set<String> TERMINAL = Set.of("COMPLETE", "FAIL", "CANCEL");
    /** The PG's statuses of an approved payment: DONE, and after a cancel, CANCELED or PARTIAL_CANCELED. */
    private static final Set<String> APPROVED_AT_PG = Set.of("DONE", "CANCELED", "PARTIAL_CANCELED");

    private static final String UNAUTHENTICATED = "UNAUTHENTICATED_EVENT";
    /** Why a record is refused or ignored because of its id alone: the worker's duplicate and id-reuse reasons. */
    private static final Set<String> SHADOWED = Set.of("SAME_EVENT", "EVENT_ID_REUSED");
    /** Timeline rows in the order they were recorded (row ids come from each worker's own sequence block). */
    private static final Comparator<TimelineRow> RECORDING_ORDER =
            Comparator.comparing((TimelineRow r) -> r.recordedAt).thenComparingLong(r -> r.id);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String jdbcUrl;
    private final String bootstrapServers;
    private final String sandboxUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public InvariantChecker(String jdbcUrl, String bootstrapServers, String sandboxUrl) {
        this.jdbcUrl = jdbcUrl;
        this.bootstrapServers = bootstrapServers;
        this.sandboxUrl = sandboxUrl;
    }

    /**
     * Waits until every order of the run is terminal, no confirm job, status check, cancel or deadline cancel of its
     * orders is still pending, none of its refunds is still REQUESTED, every payment approved behind our back has its
     * give-back, every reversed deposit has been read from the PG (a DEPOSIT_REVERSED row), the outbox is empty and the
     * workers' group has committed the end of the input topic; with {@code healed} false (before the reconciliation),
     * the drifted orders are not waited for, with {@code healed} (after it) they are too, and every order cancelled in
     * the PG's console has followed the cancel, so that every record's effects are committed (or {@code
     * timeout} passes: what is still open is then reported). A record sent after its order was already terminal (a late
     * webhook, a repeated redirect, the look-up a late webhook asked for) is thus read before the timeline is checked
     * for it: a look-up still running when the orders were all terminal would otherwise publish its answer between the
     * checker's reads of the topic and of the timeline.
     */
    public void awaitQuiet(String prefix, List<PlannedOrder> plan, Duration timeout, boolean healed) {
        String ids = prefix + "-";
        // before the reconciliation, nothing has told the worker of the drift: an unannounced deposit's order still
        // awaits it, and a payment approved after its order expired is not given back yet
        List<PlannedOrder> awaited =
                healed ? plan : plan.stream().filter(p -> !p.drifted()).toList();
        long ended = plan.size()
                - plan.stream()
                        .filter(p -> !healed && p.drifted() && p.kind() == OrderKind.VA_DEPOSIT_UNANNOUNCED)
                        .count();
        long approvedBehindBack =
                awaited.stream().filter(PlannedOrder::approvedBehindBack).count();
        long depositsReversed =
                plan.stream().filter(PlannedOrder::depositReversed).count();
        List<PlannedOrder> consoleCancels =
                healed ? plan.stream().filter(p -> p.consoleCancel() != null).toList() : List.of();
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> terminalCount(ids) >= ended
                            && pendingPgJobs(ids) == 0
                            && count(REFUNDS_REQUESTED, ids) == 0
                            && count(GIVE_BACKS, ids) >= approvedBehindBack
                            && count(REVERSALS_READ, ids) >= depositsReversed
                            && consoleCancelsFollowed(consoleCancels)
                            && outboxBacklog() == 0
                            && ReplayCheck.caughtUp(bootstrapServers, ProcessStack.WORKER_GROUP));
        } catch (ConditionTimeoutException e) {
            // reported by check(): orders not terminal, drift not healed
        }
    }

    public Figures check(
            String run,
            String prefix,
            List<PlannedOrder> plan,
            Duration loadTime,
            long retries,
            List<FaultWindow> faults,
            Reconciliations.Report reconciliation) {
        String ids = prefix + "-";
        Map<String, OrderRow> orders = orders(ids);
        Map<String, List<TimelineRow>> timeline = timeline(ids);
        List<String> events = TopicReader.read(
                bootstrapServers,
                Topics.ORDER_EVENTS,
                k -> k.startsWith(ids),
                r -> r.partition() + ":" + r.offset(),
                Duration.ofMinutes(5));
        List<String> dlt = TopicReader.read(
                bootstrapServers,
                Topics.ORDER_EVENTS_DLT,
                k -> k.startsWith(ids),
                ConsumerRecord::key,
                Duration.ofMinutes(2));
        Map<String, List<RefundCheck.RefundRow>> refunds = refunds(ids);
        List<Completion> records = TopicReader.read(
                bootstrapServers,
                Topics.COMPLETIONS,
                k -> k.startsWith(ids),
                InvariantChecker::completion,
                Duration.ofMinutes(5));
        // the topic carries other records of an order too (a money anomaly's); a completion is one type of them
        List<Completion> completions = records.stream()
                .filter(c -> c.type().equals(EventType.ORDER_COMPLETED.type()))
                .toList();
        Map<String, PlannedOrder> planned = new HashMap<>();
        plan.forEach(p -> planned.put(p.orderId(), p));
        // a deposit the load had the bank reverse must be surfaced (VirtualAccountCheck), and a cancel made in the
        // PG's console (DriftCheck); any other anomaly is not the load's doing
        long unexpectedAnomalies = records.stream()
                .filter(c -> c.type().equals(EventType.ORDER_ANOMALY.type()))
                .filter(c -> !(VirtualAccountCheck.DEPOSIT_REVERSED.equals(c.reason())
                                && planned.containsKey(c.orderId())
                                && planned.get(c.orderId()).depositReversed())
                        && !(DriftCheck.CANCELED_AT_PG.equals(c.reason())
                                && planned.containsKey(c.orderId())
                                && planned.get(c.orderId()).consoleCancel() != null))
                .count();
        Map<String, List<Completion>> recordsByOrder = new HashMap<>();
        records.forEach(c -> recordsByOrder
                .computeIfAbsent(c.orderId(), k -> new ArrayList<>())
                .add(c));
        Map<String, List<RefundCheck.RefundRecord>> refundRecords = new HashMap<>();
        records.stream()
                .filter(c -> c.type().equals(EventType.REFUND_COMPLETED.type()))
                .forEach(c -> refundRecords
                        .computeIfAbsent(c.orderId(), k -> new ArrayList<>())
                        .add(new RefundCheck.RefundRecord(c.id(), c.refundId(), c.status())));
        Map<String, Ledger> ledger = ledger(plan);

        Map<String, Long> byStatus = new TreeMap<>();
        plan.forEach(p -> byStatus.merge(
                orders.containsKey(p.orderId()) ? orders.get(p.orderId()).status : "MISSING", 1L, Long::sum));
        long terminal = orders.values().stream()
                .filter(o -> TERMINAL.contains(o.status))
                .count();
        long nonTerminal = plan.size() - terminal;
        List<String> examples = new ArrayList<>();

        long unexpected = 0;
        for (PlannedOrder p : plan) {
            OrderRow row = orders.get(p.orderId());
            // a transfer at the deadline has no fixed end: VirtualAccountCheck judges it by the PG's ledger
            if (row != null
                    && TERMINAL.contains(row.status)
                    && p.kind().expectedStatus() != null
                    && !row.status.equals(p.kind().expectedStatus())) {
                unexpected++;
                example(examples, "%s (%s) ended %s %s".formatted(p.orderId(), p.kind(), row.status, row.reason));
            }
        }

        Set<String> recorded = new HashSet<>();
        long timelineRows = 0;
        for (List<TimelineRow> rows : timeline.values()) {
            timelineRows += rows.size();
            rows.forEach(r -> recorded.add(r.partition + ":" + r.offset));
        }
        long missing = events.stream().filter(r -> !recorded.contains(r)).count();
        long missingBeyondDlt = Math.max(0, missing - dlt.size());

        long maxApprovals =
                ledger.values().stream().mapToLong(l -> l.approvals).max().orElse(0);
        long approvedTwice =
                ledger.values().stream().filter(l -> l.approvals > 1).count();

        Map<String, Set<String>> completionStatuses = new HashMap<>();
        Set<String> completionIds = new HashSet<>();
        for (Completion c : completions) {
            completionIds.add(c.id());
            completionStatuses
                    .computeIfAbsent(c.orderId(), k -> new HashSet<>())
                    .add(c.status());
        }

        long disagreements = 0;
        for (OrderRow row : orders.values()) {
            if (!TERMINAL.contains(row.status)) {
                continue;
            }
            Set<String> completion = completionStatuses.getOrDefault(row.orderId, Set.of());
            Ledger pg = ledger.getOrDefault(row.orderId, Ledger.NONE);
            // a deposit the bank reversed after the order completed leaves no approval in force (surfaced, not undone)
            boolean pgAgrees = row.status.equals("COMPLETE")
                    ? (pg.approvals == 1
                                    && ("DONE".equals(pg.status)
                                            || (approvedAtPg(pg.status) && row.refundedAmount > 0)))
                            || pg.depositReversedSince()
                    // an ended order's payment approved behind our back agrees once it is given back
                    : (pg.approvals == 0 && !"DONE".equals(pg.status))
                            || (pg.approvals == 1
                                    && "CANCELED".equals(pg.status)
                                    && givenBack(refunds.get(row.orderId)));
            if (!completion.equals(Set.of(row.status)) || !pgAgrees) {
                disagreements++;
                example(
                        examples,
                        "%s: DB %s, completions %s, PG %s with %d approvals"
                                .formatted(row.orderId, row.status, completion, pg.status, pg.approvals));
            }
        }

        long completedWithoutApproval = 0;
        Set<String> completed = new HashSet<>();
        orders.values().stream().filter(o -> o.status.equals("COMPLETE")).forEach(o -> completed.add(o.orderId));
        completions.stream().filter(c -> "COMPLETE".equals(c.status())).forEach(c -> completed.add(c.orderId()));
        for (String orderId : completed) {
            Ledger pg = ledger.getOrDefault(orderId, Ledger.NONE);
            if ((pg.approvals == 0 || !approvedAtPg(pg.status)) && !pg.depositReversedSince()) {
                completedWithoutApproval++;
                example(examples, "%s: COMPLETE, PG %s with %d approvals".formatted(orderId, pg.status, pg.approvals));
            }
        }

        long forgedEvents = 0;
        long forgedEventsRefused = 0;
        long genuineEventsShadowed = 0;
        for (PlannedOrder p : plan) {
            List<TimelineRow> rows = timeline.getOrDefault(p.orderId(), List.of());
            for (PlannedOrder.ForgedEvent event : p.forgedEvents()) {
                forgedEvents++;
                if (refused(event, rows)) {
                    forgedEventsRefused++;
                } else {
                    example(examples, "%s: forged %s %s not refused".formatted(p.orderId(), event.type(), event.id()));
                }
                if (shadowsGenuine(event, rows)) {
                    genuineEventsShadowed++;
                    example(examples, "%s: forged id %s shadowed a genuine event".formatted(p.orderId(), event.id()));
                }
            }
        }

        long forged = 0;
        long forgedRefused = 0;
        long tampered = 0;
        long tamperedRefused = 0;
        for (PlannedOrder p : plan) {
            OrderRow row = orders.get(p.orderId());
            List<TimelineRow> rows = timeline.getOrDefault(p.orderId(), List.of());
            if (p.kind() == OrderKind.FORGED) {
                forged++;
                boolean refused = rows.stream().anyMatch(r -> "TOKEN_MISMATCH".equals(r.reason))
                        && row != null
                        && (p.paymentKey() == null || p.paymentKey().equals(row.paymentKey));
                forgedRefused += refused ? 1 : 0;
            } else if (p.kind() == OrderKind.TAMPERED) {
                tampered++;
                boolean refused = row != null
                        && row.status.equals("FAIL")
                        && "AMOUNT_MISMATCH".equals(row.reason)
                        && ledger.getOrDefault(p.orderId(), Ledger.NONE).approvals == 0;
                tamperedRefused += refused ? 1 : 0;
            }
        }

        long orderingViolations = 0;
        for (Map.Entry<String, List<TimelineRow>> e : timeline.entrySet()) {
            if (!inOffsetOrder(e.getValue())) {
                orderingViolations++;
                example(examples, e.getKey() + ": timeline out of offset order");
            }
        }

        Figures.Refunds refundFigures = refunds(plan, orders, refunds, refundRecords, ledger, examples);
        Figures.VirtualAccounts virtualAccounts =
                virtualAccounts(plan, orders, refunds, recordsByOrder, ledger, reachedAwaitingDeposit(ids), examples);
        Figures.Reconciliation reconciled =
                reconciliation(plan, reconciliation, orders, refunds, recordsByOrder, ledger, examples);

        List<Figures.Recovery> recoveries = new ArrayList<>();
        for (FaultWindow fault : faults) {
            recoveries.add(recovery(fault, orders, plan));
        }
        return new Figures(
                run,
                plan.size(),
                (int) plan.stream().filter(p -> p.failure() != null).count(),
                loadTime,
                retries,
                byStatus,
                nonTerminal,
                unexpected,
                events.size(),
                timelineRows,
                missingBeyondDlt,
                dlt.size(),
                maxApprovals,
                approvedTwice,
                completionIds.size(),
                completions.size(),
                terminal,
                disagreements,
                forged,
                forgedRefused,
                tampered,
                tamperedRefused,
                forgedEvents,
                forgedEventsRefused,
                genuineEventsShadowed,
                completedWithoutApproval,
                unexpectedAnomalies,
                orderingViolations,
                refundFigures,
                virtualAccounts,
                reconciled,
                recoveries,
                examples);
    }

    /**
     * The reconciliation's figures and the drift's invariants: per drifted order, found by the first run ({@link
     * DriftCheck#found}), healed as the PG's word makes it and settled in the second run; and every item of either run
     * that is no injected drift's.
     */
    private static Figures.Reconciliation reconciliation(
            List<PlannedOrder> plan,
            Reconciliations.Report report,
            Map<String, OrderRow> orders,
            Map<String, List<RefundCheck.RefundRow>> refunds,
            Map<String, List<Completion>> records,
            Map<String, Ledger> ledger,
            List<String> examples) {
        Map<String, DriftCheck.Injected> injected = new HashMap<>();
        Map<String, Long> byKind = new TreeMap<>();
        long found = 0;
        long healed = 0;
        for (PlannedOrder p : plan) {
            if (!p.drifted()) {
                continue;
            }
            PlannedOrder.ConsoleCancel console = p.consoleCancel();
            DriftCheck.Injected drift =
                    new DriftCheck.Injected(p.orderId(), p.kind(), console == null ? null : console.transactionKey());
            injected.put(p.orderId(), drift);
            byKind.merge(p.kind().name(), 1L, Long::sum);
            String where = p.orderId() + ": ";
            if (!broken(examples, where, DriftCheck.found(drift, report.first().items()))) {
                found++;
            }
            OrderRow row = orders.get(p.orderId());
            String status = row == null ? null : row.status;
            Ledger pg = ledger.getOrDefault(p.orderId(), Ledger.NONE);
            List<RefundCheck.RefundRow> rows = refunds.getOrDefault(p.orderId(), List.of());
            String endState =
                    switch (p.kind()) {
                        case APPROVED_AFTER_EXPIRY ->
                            DriftCheck.approvedAfterExpiryGivenBack(
                                    status, row == null ? null : row.reason, p.amount(), pg);
                        case CONSOLE_CANCEL ->
                            DriftCheck.consoleCancelFollowed(
                                    p.orderId(),
                                    status,
                                    row == null ? 0 : row.refundedAmount,
                                    rows.stream()
                                            .filter(RefundCheck.RefundRow::succeeded)
                                            .mapToLong(RefundCheck.RefundRow::amount)
                                            .sum(),
                                    console,
                                    records.getOrDefault(p.orderId(), List.of()));
                        // COMPLETE with its one approval: VirtualAccountCheck's rules
                        case VA_DEPOSIT_UNANNOUNCED -> DriftCheck.depositUnannounced(pg);
                        default -> throw new IllegalStateException(p.kind() + " is not a drift kind");
                    };
            if (!broken(examples, where + p.kind() + ": ", endState)
                    && !broken(
                            examples,
                            where,
                            DriftCheck.settled(drift, report.second().items()))) {
                healed++;
            }
        }
        List<ReconciliationRun.Item> unexpectedFirst =
                DriftCheck.unexpected(report.first().items(), injected, false);
        List<ReconciliationRun.Item> unexpectedSecond =
                DriftCheck.unexpected(report.second().items(), injected, true);
        unexpectedFirst.forEach(i -> example(examples, "first reconciliation, no injected drift: " + i.line()));
        unexpectedSecond.forEach(i -> example(examples, "second reconciliation, no injected drift: " + i.line()));
        return new Figures.Reconciliation(
                report, byKind, injected.size(), found, healed, unexpectedFirst.size(), unexpectedSecond.size());
    }

    /**
     * The refund figures and invariants of the run: per order, {@link RefundCheck}'s rules against the load's oracle,
     * the {@code refunds} rows, the refund completion records and the PG's ledger and cancels.
     */
    private Figures.Refunds refunds(
            List<PlannedOrder> plan,
            Map<String, OrderRow> orders,
            Map<String, List<RefundCheck.RefundRow>> refunds,
            Map<String, List<RefundCheck.RefundRecord>> records,
            Map<String, Ledger> ledger,
            List<String> examples) {
        long requested = 0;
        long sent = 0;
        long refusedEarly = 0;
        long approvedBehindBack = 0;
        long notAsPlanned = 0;
        long pgDisagrees = 0;
        long notOneCancelPerRefund = 0;
        long recordsDisagree = 0;
        long notGivenBack = 0;
        long refundedAmountDisagrees = 0;
        long pgCancels = 0;
        long canceledAmount = 0;
        for (PlannedOrder p : plan) {
            List<RefundCheck.RefundRow> rows = refunds.getOrDefault(p.orderId(), List.of());
            Ledger pg = ledger.getOrDefault(p.orderId(), Ledger.NONE);
            if (p.kind().virtualAccount() && pg.deposits() == 0) {
                // a virtual account cancelled before any deposit (the deadline's cancel) gave nothing back: no refund
                // accounts for it (VirtualAccountCheck judges that cancel)
                pg = pg.withoutCancels();
            }
            OrderRow row = orders.get(p.orderId());
            for (PlannedOrder.PlannedRefund r : p.refunds()) {
                requested++;
                sent += r.sent();
                refusedEarly += r.refusedEarly() == null ? 0 : 1;
            }
            pgCancels += pg.cancels();
            canceledAmount += pg.canceledAmount();
            // a cancel made in the PG's console is no refund of ours: the refund rules judge the rest (DriftCheck
            // judges it), and refunded_amount follows it
            long console = p.consoleCanceledAmount();
            String where = p.orderId() + " (" + p.kind()
                    + (p.cancelFault() == null ? "" : ", cancels " + p.cancelFault()) + "): ";
            if (p.failure() == null
                    && broken(examples, where, RefundCheck.asPlanned(p.kind(), p.amount(), p.refunds(), rows))) {
                notAsPlanned++;
            }
            List<RefundCheck.PgPayment> payments = pg.cancels() == 0 ? List.of() : pgPayments(pg.canceledPaymentKeys());
            if (broken(
                    examples,
                    where,
                    RefundCheck.pgGaveBackWhatWeRecorded(p.amount(), pg.canceledAmount() - console, rows, payments))) {
                pgDisagrees++;
            }
            if (broken(examples, where, RefundCheck.oneCancelPerRefund(rows, withoutConsoleCancel(payments, p)))) {
                notOneCancelPerRefund++;
            }
            if (broken(
                    examples,
                    where,
                    RefundCheck.oneRecordPerEndedRefund(
                            p.orderId(), rows, records.getOrDefault(p.orderId(), List.of())))) {
                recordsDisagree++;
            }
            if (row != null
                    && broken(examples, where, RefundCheck.refundedAmountAgrees(row.refundedAmount - console, rows))) {
                refundedAmountDisagrees++;
            }
            if (p.approvedBehindBack()) {
                approvedBehindBack++;
                if (broken(examples, where, RefundCheck.givenBack(p.paymentKey(), p.amount(), rows, pg.status()))) {
                    notGivenBack++;
                }
            }
        }
        List<RefundCheck.RefundRow> all =
                refunds.values().stream().flatMap(List::stream).toList();
        long stillRequested = 0;
        for (RefundCheck.RefundRow r : all) {
            if (r.status().equals(RefundCheck.REQUESTED)) {
                stillRequested++;
                example(examples, r.orderId() + ": refund " + r + " still REQUESTED");
            }
        }
        List<RefundCheck.RefundRow> shopEnded = all.stream()
                .filter(r -> r.shop() && !r.status().equals(RefundCheck.REQUESTED))
                .toList();
        return new Figures.Refunds(
                requested,
                sent,
                shopEnded.stream().filter(RefundCheck.RefundRow::succeeded).count(),
                shopEnded.stream().filter(r -> !r.succeeded() && !r.refused()).count(),
                refusedEarly
                        + shopEnded.stream()
                                .filter(RefundCheck.RefundRow::refused)
                                .count(),
                approvedBehindBack,
                all.stream().filter(r -> !r.shop() && r.succeeded()).count(),
                pgCancels,
                canceledAmount,
                notAsPlanned,
                pgDisagrees,
                notOneCancelPerRefund,
                recordsDisagree,
                stillRequested,
                notGivenBack,
                refundedAmountDisagrees);
    }

    /**
     * The virtual-account figures and invariants of the run: per order of a virtual-account kind, its outcome, and
     * {@link VirtualAccountCheck}'s rules against its row, its records on {@code payments.completions} and the PG's
     * ledger.
     */
    private static Figures.VirtualAccounts virtualAccounts(
            List<PlannedOrder> plan,
            Map<String, OrderRow> orders,
            Map<String, List<RefundCheck.RefundRow>> refunds,
            Map<String, List<Completion>> records,
            Map<String, Ledger> ledger,
            Set<String> reachedAwaitingDeposit,
            List<String> examples) {
        long count = 0;
        long awaitedDeposit = 0;
        long depositsTaken = 0;
        long depositsBounced = 0;
        long reversed = 0;
        long notOneOutcome = 0;
        long depositedNotComplete = 0;
        long expiredNotCancelled = 0;
        long raceNotSettled = 0;
        long reversalNotSurfaced = 0;
        Map<String, Long> outcomes = new TreeMap<>();
        for (PlannedOrder p : plan) {
            if (!p.kind().virtualAccount()) {
                continue;
            }
            count++;
            OrderRow row = orders.get(p.orderId());
            String status = row == null ? null : row.status;
            String reason = row == null ? null : row.reason;
            Ledger pg = ledger.getOrDefault(p.orderId(), Ledger.NONE);
            List<Completion> own = records.getOrDefault(p.orderId(), List.of());
            boolean reached = reachedAwaitingDeposit.contains(p.orderId());
            awaitedDeposit += reached ? 1 : 0;
            depositsTaken += pg.deposits > 0 ? 1 : 0;
            depositsBounced += Boolean.FALSE.equals(p.depositTaken()) ? 1 : 0;
            reversed += p.depositReversed() ? 1 : 0;
            String kind = p.kind() == OrderKind.VA_RACE
                    ? p.kind() + (pg.deposits > 0 ? " (taken)" : " (bounced)")
                    : p.kind().toString();
            outcomes.merge(kind + ": " + status + (reason == null ? "" : " " + reason), 1L, Long::sum);
            String where = p.orderId() + " (" + p.kind() + "): ";
            if (broken(examples, where, VirtualAccountCheck.oneOutcome(p.orderId(), status, reached, own))) {
                notOneOutcome++;
            }
            switch (p.kind()) {
                case VA_DEPOSIT, VA_DEPOSIT_TWICE, VA_DEPOSIT_UNANNOUNCED -> {
                    if (broken(examples, where, VirtualAccountCheck.depositedEndsComplete(status, pg))) {
                        depositedNotComplete++;
                    }
                }
                case VA_EXPIRE -> {
                    if (broken(examples, where, VirtualAccountCheck.expiredEndsCancelled(status, reason, pg))) {
                        expiredNotCancelled++;
                    }
                }
                case VA_RACE -> {
                    if (broken(
                            examples,
                            where,
                            VirtualAccountCheck.raceSettledOnce(
                                    status, reason, pg, givenBack(refunds.get(p.orderId()))))) {
                        raceNotSettled++;
                    }
                }
                case VA_REVERSED -> {
                    // the load reverses a deposit only once it saw the order COMPLETE; if it never did, the order is
                    // a plain deposited one
                    if (p.depositReversed()
                            ? broken(
                                    examples, where, VirtualAccountCheck.reversalSurfaced(p.orderId(), status, pg, own))
                            : broken(examples, where, VirtualAccountCheck.depositedEndsComplete(status, pg))) {
                        reversalNotSurfaced++;
                    }
                }
                default -> throw new IllegalStateException(p.kind() + " is not a virtual-account kind");
            }
        }
        return new Figures.VirtualAccounts(
                count,
                awaitedDeposit,
                depositsTaken,
                depositsBounced,
                reversed,
                outcomes,
                notOneOutcome,
                depositedNotComplete,
                expiredNotCancelled,
                raceNotSettled,
                reversalNotSurfaced);
    }

    /** The payments without the order's cancel made in the PG's console, if it had one. */
    private static List<RefundCheck.PgPayment> withoutConsoleCancel(
            List<RefundCheck.PgPayment> payments, PlannedOrder order) {
        PlannedOrder.ConsoleCancel console = order.consoleCancel();
        if (console == null) {
            return payments;
        }
        return payments.stream()
                .map(pay -> new RefundCheck.PgPayment(
                        pay.paymentKey(),
                        pay.status(),
                        pay.totalAmount(),
                        pay.balanceAmount(),
                        pay.cancels().stream()
                                .filter(c -> !console.transactionKey().equals(c.transactionKey()))
                                .toList()))
                .toList();
    }

    /** Notes a broken rule (a refund's, a virtual account's, a drift's) as an example; whether it broke. */
    private static boolean broken(List<String> examples, String where, String problem) {
        if (problem == null) {
            return false;
        }
        example(examples, where + problem);
        return true;
    }

    private static boolean approvedAtPg(String pgStatus) {
        return pgStatus != null && APPROVED_AT_PG.contains(pgStatus);
    }

    /** Whether the order has a give-back of the worker's that SUCCEEDED. */
    private static boolean givenBack(List<RefundCheck.RefundRow> rows) {
        return rows != null && rows.stream().anyMatch(r -> !r.shop() && r.succeeded());
    }

    /**
     * Whether the worker refused a forged internal event: its record left a timeline row, and every row it left (a
     * record read again leaves another) is REJECTED {@value #UNAUTHENTICATED}.
     */
    static boolean refused(PlannedOrder.ForgedEvent event, List<TimelineRow> orderRows) {
        List<TimelineRow> rows =
                orderRows.stream().filter(r -> sameRecord(r, event)).toList();
        return !rows.isEmpty()
                && rows.stream().allMatch(r -> "REJECTED".equals(r.result) && UNAUTHENTICATED.equals(r.reason));
    }

    /**
     * Whether a forged event's id shadowed a genuine event of the order with the same id (the worker's confirmation
     * under {@code <orderId>:confirmation}): another record under that id was first taken as a repetition of an event
     * already seen, or refused as a reuse of its id, and no record under it was ever applied.
     */
    static boolean shadowsGenuine(PlannedOrder.ForgedEvent event, List<TimelineRow> orderRows) {
        Map<String, TimelineRow> firstRowOfEachOtherRecord = new HashMap<>();
        orderRows.stream()
                .filter(r -> event.id().equals(r.eventId) && !sameRecord(r, event))
                .sorted(RECORDING_ORDER)
                .forEach(r -> firstRowOfEachOtherRecord.putIfAbsent(r.partition + ":" + r.offset, r));
        // the genuine event published twice (the relay's redelivery after a database restart): its second record is
        // a repetition of the applied first, not of the forged one
        boolean genuineApplied = firstRowOfEachOtherRecord.values().stream().anyMatch(r -> "APPLIED".equals(r.result));
        return !genuineApplied
                && firstRowOfEachOtherRecord.values().stream()
                        .anyMatch(r -> r.reason != null && SHADOWED.contains(r.reason));
    }

    private static boolean sameRecord(TimelineRow row, PlannedOrder.ForgedEvent event) {
        return row.partition == event.partition() && row.offset == event.offset();
    }

    /** The ordering rule of the class documentation, for one order's timeline rows (in any order). */
    static boolean inOffsetOrder(List<TimelineRow> rows) {
        List<TimelineRow> sorted = rows.stream().sorted(RECORDING_ORDER).toList();
        Set<String> seen = new HashSet<>();
        long lastOffset = -1;
        Integer partition = null;
        for (TimelineRow r : sorted) {
            if (!seen.add(r.partition + ":" + r.offset)) {
                continue;
            }
            if (partition != null && !partition.equals(r.partition)) {
                return false;
            }
            partition = r.partition;
            if (r.offset <= lastOffset) {
                return false;
            }
            lastOffset = r.offset;
        }
        return true;
    }

    private static Figures.Recovery recovery(FaultWindow fault, Map<String, OrderRow> orders, List<PlannedOrder> plan) {
        Instant end = fault.endedAt();
        Instant firstAfter = orders.values().stream()
                .filter(o -> TERMINAL.contains(o.status) && o.updatedAt.isAfter(end))
                .map(o -> o.updatedAt)
                .min(Comparator.naturalOrder())
                .orElse(null);
        // an order that ends at its virtual account's deadline ends then, however quick the system is
        Instant lastOfBacklog = plan.stream()
                .filter(p -> p.finishedSendingAt() != null
                        && p.finishedSendingAt().isBefore(end)
                        && !p.kind().endsAtDeadline()
                        // a drift's order ends, or changes, when the reconciliation heals it
                        && p.kind().drift() == null
                        && orders.containsKey(p.orderId()))
                .map(p -> orders.get(p.orderId()).updatedAt)
                .max(Comparator.naturalOrder())
                .orElse(end);
        return new Figures.Recovery(
                fault.name(),
                Duration.between(fault.startedAt(), end),
                firstAfter == null ? null : Duration.between(end, firstAfter),
                lastOfBacklog.isAfter(end) ? Duration.between(end, lastOfBacklog) : Duration.ZERO);
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < 20) {
            examples.add(text);
        }
    }

    /**
     * A record of {@code payments.completions}: a completion, a refund's record (with its refundId), or another record of
     * the order (its type says: an awaiting-deposit record, an anomaly with its reason).
     */
    record Completion(String orderId, String id, String type, String status, String refundId, String reason) {}

    private static Completion completion(ConsumerRecord<String, String> record) {
        JsonNode value = JSON.readTree(record.value());
        return new Completion(
                record.key(),
                value.get("id").asString(),
                value.path("type").asString(""),
                value.path("data").path("status").asString(null),
                value.path("data").path("refundId").asString(null),
                value.path("data").path("reason").asString(null));
    }

    record OrderRow(
            String orderId, String status, String reason, String paymentKey, long refundedAmount, Instant updatedAt) {}

    record TimelineRow(
            long id, int partition, long offset, String eventId, String result, String reason, Instant recordedAt) {}

    /**
     * The PG's ledger of one order: approvals in force (a reversed deposit takes its approval back) and the latest
     * payment's status; cancels, the amount they gave back and the payments they cancelled; a virtual account's
     * deposits and their reversals; the webhooks the PG dropped and the payment look-ups it answered.
     */
    record Ledger(
            long approvals,
            String status,
            long cancels,
            long canceledAmount,
            Set<String> canceledPaymentKeys,
            long deposits,
            long depositReversals,
            long webhooksDropped,
            long lookups) {
        static final Ledger NONE = new Ledger(0, null, 0, 0, Set.of(), 0, 0);

        /** A ledger with no webhook dropped and no look-up. */
        Ledger(
                long approvals,
                String status,
                long cancels,
                long canceledAmount,
                Set<String> canceledPaymentKeys,
                long deposits,
                long depositReversals) {
            this(approvals, status, cancels, canceledAmount, canceledPaymentKeys, deposits, depositReversals, 0, 0);
        }

        /** The ledger without its cancels. */
        Ledger withoutCancels() {
            return new Ledger(approvals, status, 0, 0, Set.of(), deposits, depositReversals, webhooksDropped, lookups);
        }

        /** The PG took a deposit, and the bank took it back: the payment waits for a deposit again. */
        boolean depositReversedSince() {
            return depositReversals > 0 && approvals == 0 && "WAITING_FOR_DEPOSIT".equals(status);
        }

        String depositSummary() {
            return "%s, %d approvals, %d deposits, %d reversed, %d cancels"
                    .formatted(status, approvals, deposits, depositReversals, cancels);
        }
    }

    private static final String REFUNDS_REQUESTED =
            "SELECT count(*) FROM refunds WHERE status = 'REQUESTED' AND order_id LIKE ?";
    private static final String GIVE_BACKS =
            "SELECT count(*) FROM refunds WHERE initiator = 'WORKER' AND order_id LIKE ?";
    /** Orders whose reversed deposit the worker has read from the PG (and surfaced). */
    private static final String REVERSALS_READ =
            "SELECT count(DISTINCT order_id) FROM order_timeline WHERE reason = 'DEPOSIT_REVERSED' AND order_id LIKE ?";

    private long count(String sql, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long terminalCount(String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM orders WHERE order_id LIKE ? AND status IN ('COMPLETE','FAIL','CANCEL')")) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Confirm jobs, status checks, cancels and deadline cancels of virtual accounts of the run's orders that may still
     * write an event.
     */
    private long pendingPgJobs(String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement("""
                        SELECT (SELECT count(*) FROM pg_confirmations WHERE state = 'PENDING' AND order_id LIKE ?)
                             + (SELECT count(*) FROM pg_status_checks WHERE state = 'PENDING' AND order_id LIKE ?)
                             + (SELECT count(*) FROM pg_refunds WHERE state = 'PENDING' AND order_id LIKE ?)
                             + (SELECT count(*) FROM pg_deposit_cancels WHERE state = 'PENDING' AND order_id LIKE ?)""")) {
            for (int i = 1; i <= 4; i++) {
                s.setString(i, prefix + "%");
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Whether every order of {@code cancelled} has followed its console cancel: refunded_amount counts it. */
    private boolean consoleCancelsFollowed(List<PlannedOrder> cancelled) throws SQLException {
        if (cancelled.isEmpty()) {
            return true;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM orders o JOIN unnest(?::text[], ?::bigint[]) AS d(order_id, amount)"
                                + " ON o.order_id = d.order_id WHERE o.refunded_amount >= d.amount")) {
            s.setArray(
                    1,
                    c.createArrayOf(
                            "text",
                            cancelled.stream().map(PlannedOrder::orderId).toArray()));
            s.setArray(
                    2,
                    c.createArrayOf(
                            "bigint",
                            cancelled.stream()
                                    .map(PlannedOrder::consoleCanceledAmount)
                                    .toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) >= cancelled.size();
            }
        }
    }

    private long outboxBacklog() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox_messages");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, OrderRow> orders(String prefix) {
        Map<String, OrderRow> rows = new HashMap<>();
        query(
                "SELECT order_id, status, reason, payment_key, refunded_amount, updated_at FROM orders WHERE order_id LIKE ?",
                prefix,
                rs -> rows.put(
                        rs.getString(1),
                        new OrderRow(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getLong(5),
                                rs.getTimestamp(6).toInstant())));
        return rows;
    }

    /** The orders that reached AWAITING_DEPOSIT: an event applied left them in it. */
    private Set<String> reachedAwaitingDeposit(String prefix) {
        Set<String> reached = new HashSet<>();
        query(
                "SELECT DISTINCT order_id FROM order_timeline WHERE order_id LIKE ? AND result = 'APPLIED'"
                        + " AND status = 'AWAITING_DEPOSIT'",
                prefix,
                rs -> reached.add(rs.getString(1)));
        return reached;
    }

    private Map<String, List<RefundCheck.RefundRow>> refunds(String prefix) {
        Map<String, List<RefundCheck.RefundRow>> rows = new HashMap<>();
        query("""
                SELECT order_id, refund_id, status, amount, reason, initiator, payment_key, code, transaction_key
                FROM refunds WHERE order_id LIKE ?""", prefix, rs -> rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new RefundCheck.RefundRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9))));
        return rows;
    }

    private Map<String, List<TimelineRow>> timeline(String prefix) {
        Map<String, List<TimelineRow>> rows = new HashMap<>();
        query("""
                SELECT order_id, id, kafka_partition, kafka_offset, event_id, result, reason, recorded_at
                FROM order_timeline WHERE order_id LIKE ?""", prefix, rs -> {
            Timestamp at = rs.getTimestamp(8);
            rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new TimelineRow(
                            rs.getLong(2),
                            rs.getInt(3),
                            rs.getLong(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            at.toInstant()));
        });
        return rows;
    }

    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private void query(String sql, String prefix, RowHandler handler) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, prefix + "%");
            s.setFetchSize(5000);
            c.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + sql, e);
        }
    }

    /** The PG's ledger of every order of the plan (approvals, the payment's status). */
    Map<String, Ledger> ledger(List<PlannedOrder> plan) {
        Map<String, Ledger> ledger = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(32);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlannedOrder p : plan) {
                inFlight.acquireUninterruptibly();
                threads.submit(() -> {
                    try {
                        ledger.put(p.orderId(), ledgerOf(p.orderId()));
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        return ledger;
    }

    private Ledger ledgerOf(String orderId) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/v1/ledger/" + orderId))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Ledger.NONE;
            }
            JsonNode body = JSON.readTree(response.body());
            Set<String> canceled = new HashSet<>();
            body.path("cancelsByPaymentKey").properties().forEach(e -> {
                if (e.getValue().path("cancels").asLong(0) > 0) {
                    canceled.add(e.getKey());
                }
            });
            return new Ledger(
                    body.path("approvals").asLong(0),
                    body.path("status").asString(null),
                    body.path("cancels").asLong(0),
                    body.path("canceledAmount").asLong(0),
                    Set.copyOf(canceled),
                    body.path("deposits").asLong(0),
                    body.path("depositReversals").asLong(0),
                    body.path("webhooksDropped").asLong(0),
                    body.path("lookups").asLong(0));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not read the PG ledger of " + orderId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<RefundCheck.PgPayment> pgPayments(Set<String> paymentKeys) {
        return paymentKeys.stream().sorted().map(this::pgPayment).toList();
    }

    /**
     * A payment as the PG's API shows it (its cancels[] with their transactionKeys), read as the worker reads it; the
     * PG's injected 500s are waited out.
     */
    private RefundCheck.PgPayment pgPayment(String paymentKey) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandboxUrl + "/v1/payments/" + paymentKey))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (ProcessStack.PG_SECRET_KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        AtomicReference<String> body = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    body.set(response.body());
                    return response.statusCode() == 200;
                });
        JsonNode payment = JSON.readTree(body.get());
        List<RefundCheck.PgCancel> cancels = new ArrayList<>();
        payment.path("cancels")
                .forEach(c -> cancels.add(new RefundCheck.PgCancel(
                        c.path("transactionKey").asString(null),
                        c.path("cancelAmount").asLong(0))));
        return new RefundCheck.PgPayment(
                paymentKey,
                payment.path("status").asString(null),
                payment.path("totalAmount").asLong(0),
                payment.path("balanceAmount").asLong(0),
                List.copyOf(cancels));
    }
}
