package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventType;
import dev.payments.system.EdgeClient.IssuedOrder;
import dev.payments.system.OrderProbe.TimelineRow;
import dev.payments.system.ReconciliationAdmin.Run;
import dev.payments.testsupport.Concurrently;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reconciliation with the PG's ledger (거래 대사, docs/contract.md §5) from outside: money moves at our Toss-compatible
 * sandbox behind the system's back, its webhooks lost on the way (the sandbox's automation), and an operator
 * reconciles a window through the worker's admin endpoint. What the PG's word settles is healed through the order's
 * partition like any other PG word, and a second run of the window finds it settled and asks the PG nothing new.
 *
 * <p>A run reads every PG transaction of its window, whoever made it: a window of ordinary traffic must not see drift
 * made beside it. The three drifts are made side by side once, then reconciled together, and each test checks its
 * own; the ordinary window runs alone ({@link #PG_TRANSACTIONS}). No window holds another test class's traffic:
 * classes run one at a time, and each window starts at a second that begins after this class's test started.
 */
class ReconciliationIT extends SandboxSystemTestBase {

    /** The PG's transactions, as time windows see them: the drift tests share them, the ordinary window does not. */
    static final String PG_TRANSACTIONS = "the PG's transaction list";

    static final Duration SETTLED = Duration.ofSeconds(45);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> CLASSES =
            List.of("MATCHED", "AMOUNT_MISMATCH", "MISSING_HERE", "MISSING_AT_PG", "STATUS_MISMATCH");
    static final List<String> RESOLUTIONS = List.of("HEALING", "HEALED", "REPORTED");
    static final long CONSOLE_CANCEL = 5_000;

    static ReconciliationAdmin admin;
    private static Drift drift;
    private static Throwable driftFailed;

    @BeforeAll
    static void connectToTheWorkersAdminPort() {
        admin = new ReconciliationAdmin(stack.workerUrl());
    }

    @ConcurrentTest
    @ResourceLock(value = PG_TRANSACTIONS, mode = ResourceAccessMode.READ)
    void anApprovalThePgMadeAfterOurOrderExpiredIsFoundGivenBackWholeAndMatchedOnTheNextRun() {
        Drift drift = drift();
        Moved approval = drift.approvedAfterExpiry();
        String orderId = approval.orderId();

        assertThat(drift.found().items(orderId)).singleElement().satisfies(item -> {
            assertItem(item, "STATUS_MISMATCH", "HEALING", "PG_APPROVAL", approval, AMOUNT);
            assertThat(item.path("pgStatus").asString()).isEqualTo("DONE");
            assertThat(item.path("ourStatus").asString()).isEqualTo("CANCEL");
        });
        // given back: the whole payment in one cancel; the order stays as it ended
        JsonNode ledger = pg.ledger(orderId);
        assertThat(ledger.path("approvals").asLong()).isEqualTo(1);
        assertThat(ledger.path("cancels").asLong()).isEqualTo(1);
        assertThat(ledger.path("canceledAmount").asLong()).isEqualTo(AMOUNT);
        assertThat(probe.status(orderId)).contains("CANCEL");
        assertThat(probe.reason(orderId)).isEqualTo("EXPIRED");
        assertThat(probe.completions(orderId)).hasSize(1);
        assertThat(probe.timeline(orderId)).extracting(TimelineRow::reason).contains("APPROVED_AFTER_END");
        // the loud record the shop reads: the give-back, named for why
        assertThat(probe.refundRecords(orderId)).singleElement().satisfies(record -> {
            JsonNode data = JSON.readTree(record.value()).path("data");
            assertThat(data.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(data.path("reason").asString()).isEqualTo("APPROVED_AFTER_END");
            assertThat(data.path("amount").asLong()).isEqualTo(AMOUNT);
        });
        // the approval and its give-back now match; a run of the same window again cancels and asks nothing
        assertThat(drift.settled().items(orderId)).isEmpty();
        assertThat(drift.again().items(orderId)).isEmpty();
        assertThat(drift.checksAfterAgain())
                .containsEntry(orderId, drift.checksBeforeAgain().get(orderId));
        assertThat(pg.ledger(orderId).path("cancels").asLong()).isEqualTo(1);

        // the report, as the endpoint gives it again: JSON, and CSV for finance
        assertThat(admin.run(drift.found().runId()).items(orderId))
                .containsExactlyElementsOf(drift.found().items(orderId));
        HttpResponse<String> csv = admin.csv(drift.found().runId());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        List<Map<String, String>> rows = Csv.parse(csv.body());
        assertThat(rows).hasSize(drift.found().items().size());
        assertThat(rows)
                .filteredOn(row -> orderId.equals(row.get("orderId")))
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .contains(
                                entry("class", "STATUS_MISMATCH"),
                                entry("resolution", "HEALING"),
                                entry("paymentKey", approval.paymentKey()),
                                entry("transactionKey", approval.transactionKey()),
                                entry("pgAmount", Long.toString(AMOUNT))));
    }

    @ConcurrentTest
    @ResourceLock(value = PG_TRANSACTIONS, mode = ResourceAccessMode.READ)
    void aCancelMadeInThePgsConsoleIsFoundAndTheOrderFollowsIt() {
        Drift drift = drift();
        Moved cancel = drift.cancelledInTheConsole();
        String orderId = cancel.orderId();

        assertThat(drift.found().items(orderId)).singleElement().satisfies(item -> {
            assertItem(item, "MISSING_HERE", "HEALING", "PG_CANCEL", cancel, CONSOLE_CANCEL);
            assertThat(item.path("pgStatus").asString()).isEqualTo("PARTIAL_CANCELED");
            assertThat(item.path("ourStatus").asString()).isEqualTo("COMPLETE");
        });
        // the order follows the PG and the shop is told; the order keeps its one completion
        assertThat(edge.orderRead(orderId).path("refundedAmount").asLong()).isEqualTo(CONSOLE_CANCEL);
        assertThat(probe.status(orderId)).contains("COMPLETE");
        assertThat(probe.records(orderId, EventType.ORDER_ANOMALY))
                .extracting(record -> JSON.readTree(record.value()).path("id").asString())
                .containsOnly(EventIds.anomaly(orderId, "CANCELED_AT_PG"));
        assertThat(probe.completions(orderId)).hasSize(1);
        // no refund of ours made it: the next runs see our records already hold it
        for (Run run : List.of(drift.settled(), drift.again())) {
            assertThat(run.items(orderId))
                    .singleElement()
                    .satisfies(item -> assertItem(item, "MISSING_HERE", "HEALED", "PG_CANCEL", cancel, CONSOLE_CANCEL));
        }
        assertThat(drift.checksAfterAgain())
                .containsEntry(orderId, drift.checksBeforeAgain().get(orderId));
        JsonNode ledger = pg.ledger(orderId);
        assertThat(ledger.path("consoleCancels").asLong()).isEqualTo(1);
        assertThat(ledger.path("cancels").asLong()).isEqualTo(1);
        assertThat(ledger.path("canceledAmount").asLong()).isEqualTo(CONSOLE_CANCEL);
        assertThat(ledger.path("webhooksDropped").asLong()).isPositive();
    }

    @ConcurrentTest
    @ResourceLock(value = PG_TRANSACTIONS, mode = ResourceAccessMode.READ)
    void aDepositWhoseWebhooksWereLostIsFoundAndCompletesTheOrderOnce() {
        Drift drift = drift();
        Moved deposit = drift.depositedUnheard();
        String orderId = deposit.orderId();

        assertThat(drift.found().items(orderId)).singleElement().satisfies(item -> {
            assertItem(item, "MISSING_HERE", "HEALING", "PG_APPROVAL", deposit, AMOUNT);
            assertThat(item.path("ourStatus").asString()).isEqualTo("AWAITING_DEPOSIT");
        });
        assertThat(probe.status(orderId)).contains("COMPLETE");
        assertThat(probe.completions(orderId)).singleElement().satisfies(record -> assertThat(
                        JSON.readTree(record.value())
                                .path("data")
                                .path("status")
                                .asString())
                .isEqualTo("COMPLETE"));
        // the PG's word came from the look-up the run asked for: no webhook of the deposit reached us
        assertThat(probe.timeline(orderId))
                .filteredOn(row -> row.eventId().startsWith("webhook:"))
                .isEmpty();
        assertThat(probe.timeline(orderId))
                .filteredOn(
                        row -> "COMPLETE".equals(row.status()) && row.result().equals("APPLIED"))
                .singleElement()
                .satisfies(row -> assertThat(row.eventId()).startsWith(EventIds.statusPrefix(orderId)));
        assertThat(drift.settled().items(orderId)).isEmpty();
        assertThat(drift.again().items(orderId)).isEmpty();
        assertThat(drift.checksAfterAgain())
                .containsEntry(orderId, drift.checksBeforeAgain().get(orderId));
        JsonNode ledger = pg.ledger(orderId);
        assertThat(ledger.path("deposits").asLong()).isEqualTo(1);
        assertThat(ledger.path("approvals").asLong()).isEqualTo(1);
        assertThat(ledger.path("cancels").asLong()).isZero();
        assertThat(ledger.path("webhooksDropped").asLong()).isPositive();
    }

    @ConcurrentTest
    @ResourceLock(value = PG_TRANSACTIONS, mode = ResourceAccessMode.READ)
    void theRunsOfTheDriftedWindowCountEachKindAndASecondRunOfItIsTheSame() {
        Drift drift = drift();

        // the PG lists 5 transactions: the approval behind our back; the console-cancelled order's approval and
        // cancel; the virtual account's issuance and deposit
        assertThat(drift.found().state()).isEqualTo("DONE");
        assertThat(counts(drift.found())).containsExactlyEntriesOf(classes(2, 0, 2, 0, 1));
        assertThat(resolutions(drift.found())).containsExactlyEntriesOf(resolutions(3, 0, 0));
        assertThat(drift.found().items()).hasSize(3);
        assertThat(drift.openAfterFound())
                .containsExactlyInAnyOrder(
                        drift.approvedAfterExpiry().orderId(),
                        drift.cancelledInTheConsole().orderId(),
                        drift.depositedUnheard().orderId());
        // healed, the window holds the give-back's cancel too: everything matches but the console's cancel, which
        // our records now hold without a refund of ours
        for (Run run : List.of(drift.settled(), drift.again())) {
            assertThat(run.state()).isEqualTo("DONE");
            assertThat(counts(run)).containsExactlyEntriesOf(classes(5, 0, 1, 0, 0));
            assertThat(resolutions(run)).containsExactlyEntriesOf(resolutions(0, 1, 0));
        }
        assertThat(withoutRunIds(drift.again())).isEqualTo(withoutRunIds(drift.settled()));
        assertThat(drift.openAfterAgain()).isEmpty();
    }

    @ConcurrentTest
    @ResourceLock(value = PG_TRANSACTIONS, mode = ResourceAccessMode.READ_WRITE)
    void aWindowOfOrdinaryTrafficIsAllMatchedAndASecondRunOfItIsTheSame() {
        Instant from = nextSecond();
        inParallel(List.of(
                () -> paidOrder("rc-paid").orderId(),
                () -> refundedPartThenTheRest("rc-refunded"),
                () -> declined("rc-declined")));
        Instant to = nextSecond();

        Run first = admin.reconcile(from, to);
        Run second = admin.reconcile(from, to);

        // two approvals and two cancels, each matched to its order or refund; the declined payment moved nothing
        for (Run run : List.of(first, second)) {
            assertThat(run.state()).isEqualTo("DONE");
            assertThat(counts(run)).containsExactlyEntriesOf(classes(4, 0, 0, 0, 0));
            assertThat(resolutions(run)).containsExactlyEntriesOf(resolutions(0, 0, 0));
            assertThat(run.items()).isEmpty();
        }
        assertThat(second.runId()).isNotEqualTo(first.runId());
    }

    /**
     * The three drifts, made side by side once for the tests that look at them, and the runs of their window: found
     * (the drift as the PG made it), settled (once healed, the window then also holding the give-back's cancel) and
     * the same window again.
     */
    record Drift(
            Moved approvedAfterExpiry,
            Moved cancelledInTheConsole,
            Moved depositedUnheard,
            Run found,
            List<String> openAfterFound,
            Run settled,
            Map<String, Long> checksBeforeAgain,
            Run again,
            Map<String, Long> checksAfterAgain,
            List<String> openAfterAgain) {}

    /** Money the PG moved for an order behind the system's back: which payment, and its transaction. */
    record Moved(String orderId, String paymentKey, String transactionKey) {}

    /** The drift and its runs, made by the first test that asks; a failure to make them fails every such test. */
    private static synchronized Drift drift() {
        if (drift == null && driftFailed == null) {
            try {
                drift = makeDrift();
            } catch (RuntimeException | Error e) {
                driftFailed = e;
            }
        }
        if (driftFailed != null) {
            throw new IllegalStateException("the drift and its runs could not be made", driftFailed);
        }
        return drift;
    }

    private static Drift makeDrift() {
        Instant from = nextSecond();
        List<Moved> moved = inParallel(List.of(
                ReconciliationIT::approvedAfterOurExpiry,
                ReconciliationIT::cancelledInTheConsoleUnheard,
                ReconciliationIT::depositedWithItsWebhooksLost));
        Moved approval = moved.get(0);
        Moved cancel = moved.get(1);
        Moved deposit = moved.get(2);

        Run found = admin.reconcile(from, nextSecond());
        List<String> openAfterFound = openOrderIds(found.runId());

        // the runs' look-ups answer through the orders' partitions: the give-back, the order following, the deposit
        await().atMost(SETTLED).untilAsserted(() -> {
            assertThat(pg.ledger(approval.orderId()).path("canceledAmount").asLong())
                    .isEqualTo(AMOUNT);
            assertThat(probe.refundRecords(approval.orderId())).isNotEmpty();
            assertThat(edge.orderRead(cancel.orderId()).path("refundedAmount").asLong())
                    .isEqualTo(CONSOLE_CANCEL);
            assertThat(probe.records(cancel.orderId(), EventType.ORDER_ANOMALY)).isNotEmpty();
            assertThat(probe.status(deposit.orderId())).contains("COMPLETE");
            assertThat(probe.completions(deposit.orderId())).isNotEmpty();
        });
        List<String> orderIds = List.of(approval.orderId(), cancel.orderId(), deposit.orderId());
        Instant to = nextSecond();
        Run settled = admin.reconcile(from, to);
        Map<String, Long> checksBeforeAgain = checksRequested(orderIds);
        Run again = admin.reconcile(from, to);
        return new Drift(
                approval,
                cancel,
                deposit,
                found,
                openAfterFound,
                settled,
                checksBeforeAgain,
                again,
                checksRequested(orderIds),
                openOrderIds(again.runId()));
    }

    /**
     * An order issued and checked out whose buyer opened the PG's window and left it: it expires at our side. Then
     * the PG approves its payment, and no webhook says so.
     */
    private static Moved approvedAfterOurExpiry() {
        String orderId = newOrderId("rc-expired");
        shop.send(Fixtures.issued(orderId, AMOUNT, "Coffee beans", Instant.now().plusSeconds(4)));
        IssuedOrder order = Fixtures.issuedOrder(orderId);
        probe.awaitStatus(orderId, "PREPAY");
        assertThat(edge.checkout(orderId, order.csrfToken()).statusCode()).isEqualTo(202);
        probe.awaitStatus(orderId, "IN_PROGRESS");
        SandboxClient.Session session = pg.pay(order, AMOUNT, "NONE", null);
        await().atMost(SETTLED)
                .untilAsserted(() -> assertThat(probe.status(orderId)).contains("CANCEL"));
        assertThat(probe.reason(orderId)).isEqualTo("EXPIRED");
        // a look-up of the open order near its expiry, if one was made, has answered (READY: nothing to do)
        afterItsLastLookUp(orderId);

        pg.dropWebhooks(session.paymentKey());
        JsonNode approved = pg.approveBehindTheMerchantsBack(session.paymentKey());

        assertThat(approved.path("status").asString()).isEqualTo("DONE");
        return new Moved(
                orderId,
                session.paymentKey(),
                approved.path("lastTransactionKey").asString());
    }

    /** A paid order of which the merchant's console cancels a part, its webhooks lost. */
    private static Moved cancelledInTheConsoleUnheard() {
        Paid paid = paidOrder("rc-console");
        // the payment's own webhook has been read and its look-up made: only the cancel's are lost
        await().atMost(SETTLED).untilAsserted(() -> {
            assertThat(probe.timeline(paid.orderId()))
                    .filteredOn(row -> row.eventId().startsWith("webhook:"))
                    .isNotEmpty();
            assertThat(probe.timeline(paid.orderId()))
                    .filteredOn(row -> row.eventId().startsWith(EventIds.statusPrefix(paid.orderId())))
                    .isNotEmpty();
        });
        afterItsLastLookUp(paid.orderId());

        pg.dropWebhooks(paid.paymentKey());
        JsonNode cancelled = pg.cancelInTheConsole(paid.paymentKey(), CONSOLE_CANCEL, "refunded by phone");

        return new Moved(
                paid.orderId(),
                paid.paymentKey(),
                cancelled.path("lastTransactionKey").asString());
    }

    /** A virtual account the buyer pays into; neither webhook of the deposit arrives. */
    private static Moved depositedWithItsWebhooksLost() {
        Awaiting va = awaitingDeposit("rc-deposit", null);
        afterItsLastLookUp(va.orderId());

        pg.dropWebhooks(va.paymentKey());
        HttpResponse<String> deposit = pg.deposit(va.paymentKey(), SandboxClient.body());

        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
        return new Moved(
                va.orderId(),
                va.paymentKey(),
                JSON.readTree(deposit.body()).path("lastTransactionKey").asString());
    }

    /** A paid order refunded in two parts, the second the rest: two cancels at the PG. */
    private static String refundedPartThenTheRest(String prefix) {
        Paid paid = paidOrder(prefix);
        assertThat(edge.refund(paid.orderId(), """
                        {"refundId":"part","amount":4000,"reason":"one bag returned"}""").statusCode()).isEqualTo(202);
        awaitRefundSucceeded(paid.orderId(), "part");
        assertThat(edge.refund(paid.orderId(), """
                        {"refundId":"rest","reason":"the rest"}""").statusCode()).isEqualTo(202);
        awaitRefundSucceeded(paid.orderId(), "rest");
        assertThat(pg.ledger(paid.orderId()).path("canceledAmount").asLong()).isEqualTo(AMOUNT);
        return paid.orderId();
    }

    /** An order whose buyer's card the PG declines in its window: FAIL, no money moved. */
    private static String declined(String prefix) {
        IssuedOrder order = edge.issue(newOrderId(prefix), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "DECLINE", null);
        assertThat(edge.get(session.redirectUrl()).statusCode()).isEqualTo(303);
        probe.awaitStatus(order.orderId(), "FAIL");
        return order.orderId();
    }

    private static void awaitRefundSucceeded(String orderId, String refundId) {
        await().atMost(SETTLED)
                .until(
                        () -> edge.refundRead(orderId, refundId),
                        refund -> refund != null
                                && "SUCCEEDED".equals(refund.path("status").asString()));
    }

    private static void assertItem(
            JsonNode item, String drift, String resolution, String source, Moved moved, long pgAmount) {
        assertThat(item.path("class").asString()).isEqualTo(drift);
        assertThat(item.path("resolution").asString()).isEqualTo(resolution);
        assertThat(item.path("source").asString()).isEqualTo(source);
        assertThat(item.path("orderId").asString()).isEqualTo(moved.orderId());
        assertThat(item.path("paymentKey").asString()).isEqualTo(moved.paymentKey());
        assertThat(item.path("transactionKey").asString()).isEqualTo(moved.transactionKey());
        assertThat(item.path("pgAmount").asLong()).isEqualTo(pgAmount);
    }

    /**
     * Waits until no look-up of the order's payment is under way, then for the next second: the PG lists its
     * transactions' times to the second only, and a run takes a look-up that ended after a transaction's time for an
     * answer that did not settle it.
     */
    private static void afterItsLastLookUp(String orderId) {
        await().atMost(SETTLED).until(() -> !probe.statusCheckPending(orderId));
        nextSecond();
    }

    /**
     * The next whole second, once it has begun: the PG lists its transactions' times to the second, so a window that
     * starts there holds nothing of the second before.
     */
    private static Instant nextSecond() {
        Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !Instant.now().isBefore(next));
        return next;
    }

    private static Map<String, Long> counts(Run run) {
        Map<String, Long> counts = new LinkedHashMap<>();
        CLASSES.forEach(drift -> counts.put(drift, run.count(drift)));
        return counts;
    }

    private static Map<String, Long> classes(
            long matched, long amountMismatch, long missingHere, long missingAtPg, long statusMismatch) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Long> values = List.of(matched, amountMismatch, missingHere, missingAtPg, statusMismatch);
        for (int i = 0; i < CLASSES.size(); i++) {
            counts.put(CLASSES.get(i), values.get(i));
        }
        return counts;
    }

    private static Map<String, Long> resolutions(Run run) {
        Map<String, Long> counts = new LinkedHashMap<>();
        RESOLUTIONS.forEach(resolution -> counts.put(resolution, run.resolved(resolution)));
        return counts;
    }

    private static Map<String, Long> resolutions(long healing, long healed, long reported) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("HEALING", healing);
        counts.put("HEALED", healed);
        counts.put("REPORTED", reported);
        return counts;
    }

    /** The run's items as they would be in any run: without the runId each carries. */
    private static List<JsonNode> withoutRunIds(Run run) {
        return run.items().stream()
                .map(item -> (JsonNode) ((ObjectNode) item.deepCopy()).without("runId"))
                .toList();
    }

    /** The orderIds of the open items the endpoint lists that the run {@code runId} holds. */
    private static List<String> openOrderIds(long runId) {
        return StreamSupport.stream(admin.overview().path("openItems").spliterator(), false)
                .filter(item -> item.path("runId").asLong() == runId)
                .map(item -> item.path("orderId").asString())
                .toList();
    }

    /** How many PG look-ups the worker has asked for, per order. */
    private static Map<String, Long> checksRequested(List<String> orderIds) {
        Map<String, Long> checks = new LinkedHashMap<>();
        orderIds.forEach(orderId -> checks.put(orderId, probe.statusChecksRequested(orderId)));
        return checks;
    }

    /** Runs the steps side by side, each on orders of its own; their answers in the steps' order. */
    private static <T> List<T> inParallel(List<Callable<T>> steps) {
        try {
            return Concurrently.run(steps.size(), steps);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4180 text as rows of named fields, named by its header line. */
    static final class Csv {

        private Csv() {}

        static List<Map<String, String>> parse(String text) {
            List<List<String>> lines = lines(text);
            List<String> header = lines.getFirst();
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> line : lines.subList(1, lines.size())) {
                assertThat(line).as("a row of as many fields as the header").hasSameSizeAs(header);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), line.get(i));
                }
                rows.add(row);
            }
            return rows;
        }

        private static List<List<String>> lines(String text) {
            List<List<String>> lines = new ArrayList<>();
            List<String> line = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    line.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    line.add(field.toString());
                    field.setLength(0);
                    lines.add(line);
                    line = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (!field.isEmpty() || !line.isEmpty()) {
                line.add(field.toString());
                lines.add(line);
            }
            return lines;
        }
    }
}
