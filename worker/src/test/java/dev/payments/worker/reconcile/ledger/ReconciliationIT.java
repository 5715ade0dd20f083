package dev.payments.worker.reconcile.ledger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.payments.worker.pg.TestOrders.newOrderId;
import static dev.payments.worker.pg.TestOrders.paymentKeyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.payments.testsupport.Concurrently;
import dev.payments.testsupport.EmbeddedKafkaInitializer;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.worker.WorkerApplication;
import dev.payments.worker.pg.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reconciliation in the whole worker: a real broker, a real PostgreSQL, the PG faked over HTTP (its transactions list
 * stubbed per test). Every heal goes the normal way — a status check, its verified answer on the order's partition, the
 * state machine, and for a give-back the refund job's cancel — and a second run of the same window finds it all
 * matched and asks the PG nothing new.
 *
 * <p>Each test reconciles a window of its own day (October 2026), so no test's orders fall into another's window; the
 * PG's look-ups answer approvals at {@link TossPgStub#APPROVED_AT}, in none of them. Scheduled runs are off: each test
 * starts its runs itself.
 */
@SpringBootTest(
        classes = WorkerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=worker",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.consumer.group-id=reconciliation-it",
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "payments.topics.partitions=3",
            "payments.pg.secret-key=test_sk_reconciliation_it",
            "payments.worker.event-key=event-key-of-the-reconciliation-it-at-least-32-characters",
            "payments.expiry.enabled=false",
            "payments.reconcile.enabled=false",
            "payments.reconciliation.enabled=false",
            "payments.reconciliation.page-size=2",
            "payments.reconciliation.margin=1m",
            "payments.reconciliation.initial-backoff=10ms",
            "payments.reconciliation.max-backoff=2s",
            "payments.reconciliation.max-attempts=3"
        })
@ContextConfiguration(initializers = EmbeddedKafkaInitializer.class)
// a whole worker with a running consumer and dispatchers: not kept for later test classes
@DirtiesContext
class ReconciliationIT {

    private static final long AMOUNT = 15_000;
    private static final Duration HEALED = Duration.ofSeconds(20);
    private static final String TRANSACTIONS = "/v1/transactions";
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private static final String JDBC_URL = TestDatabases.fresh("reconciliation_it");
    private static final TossPgStub pg = TossPgStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("payments.pg.base-url", pg::baseUrl);
    }

    @Autowired
    LedgerReconciliation reconciliation;

    @Autowired
    ReconciliationRuns runs;

    @Autowired
    ReconciliationScheduler scheduler;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    static {
        // after the last page of a window, one that is full: the PG lists nothing more
        pg.server().stubFor(get(urlPathEqualTo(TRANSACTIONS)).atPriority(10).willReturn(list()));
    }

    @AfterAll
    static void stopPg() {
        pg.close();
    }

    @Test
    void anApprovalAtThePgForAnExpiredOrderIsLookedUpAndGivenBackAndTheNextRunFindsBothMatched() {
        Window window = windowOn("2026-10-01");
        String orderId = newOrderId("approved-after-expiry");
        String paymentKey = paymentKeyOf(orderId);
        insertOrder(orderId, "CANCEL", null, null, "EXPIRED");
        Instant approvedAt = window.start().plusSeconds(60);
        listOnDay("2026-10-01", row("tx-approval-" + orderId, paymentKey, orderId, "DONE", approvedAt, AMOUNT));
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "DONE");
        String giveBackKey = "tx-giveback-" + orderId;
        pg.answerCancel(
                paymentKey,
                new TossPgStub.Answer(
                        200,
                        TossPgStub.canceledPayment(
                                orderId,
                                paymentKey,
                                AMOUNT,
                                "CANCELED",
                                0,
                                TossPgStub.cancelEntry(
                                        AMOUNT, "APPROVED_AFTER_END", TossPgStub.CANCELED_AT, giveBackKey, 0))));

        long first = done(reconciliation.run(RunKind.MANUAL, window));

        Item item = onlyItem(first);
        assertThat(item.drift()).isEqualTo(Drift.STATUS_MISMATCH);
        assertThat(item.resolution()).isEqualTo(Resolution.HEALING);
        assertThat(item.source()).isEqualTo(Source.PG_APPROVAL);
        assertThat(item.orderId()).isEqualTo(orderId);
        assertThat(item.ourStatus()).isEqualTo("CANCEL");
        // the look-up's DONE makes the state machine give the payment back; the refund job's cancel succeeds
        await().atMost(HEALED).until(() -> giveBackTransactionKey(orderId), key -> giveBackKey.equals(key));
        assertThat(status(orderId)).isEqualTo("CANCEL");

        // the PG now lists the give-back's cancel too
        listOnDay(
                "2026-10-01",
                row("tx-approval-" + orderId, paymentKey, orderId, "DONE", approvedAt, AMOUNT),
                row(giveBackKey, paymentKey, orderId, "CANCELED", approvedAt.plusSeconds(30), AMOUNT));
        long second = done(reconciliation.run(RunKind.MANUAL, window));

        assertThat(runs.run(second)).hasValueSatisfying(run -> {
            assertThat(run.counts().pgTransactions()).isEqualTo(2);
            assertThat(run.counts().of(Drift.MATCHED)).isEqualTo(2);
        });
        assertThat(runs.items(second)).isEmpty();
        assertThat(pg.lookupsByKey(paymentKey))
                .as("one look-up, by the first run")
                .isOne();
        assertThat(pg.cancelRequests(paymentKey)).as("one give-back").isOne();
        assertThat(checkRequests(orderId))
                .as("the second run asked for no look-up")
                .isOne();
    }

    @Test
    void aConsoleCancelOfACompleteOrderIsFollowedByTheOrderAndTheNextRunFindsItHealed() {
        Window window = windowOn("2026-10-02");
        String orderId = newOrderId("console-cancel");
        String paymentKey = paymentKeyOf(orderId);
        Instant approvedAt = window.start().plusSeconds(60);
        insertOrder(orderId, "COMPLETE", paymentKey, approvedAt, null);
        String cancelKey = "tx-console-" + orderId;
        listOnDay(
                "2026-10-02",
                row("tx-approval-" + orderId, paymentKey, orderId, "DONE", approvedAt, AMOUNT),
                row(cancelKey, paymentKey, orderId, "CANCELED", approvedAt.plusSeconds(60), AMOUNT));
        pg.answerPaymentByKey(
                paymentKey,
                TossPgStub.canceledPayment(
                        orderId,
                        paymentKey,
                        AMOUNT,
                        "CANCELED",
                        0,
                        TossPgStub.cancelEntry(AMOUNT, "고객 요청", TossPgStub.CANCELED_AT, cancelKey, 0)));

        long first = done(reconciliation.run(RunKind.MANUAL, window));

        assertThat(runs.run(first))
                .hasValueSatisfying(
                        run -> assertThat(run.counts().of(Drift.MATCHED)).isOne());
        Item item = onlyItem(first);
        assertThat(item.drift()).isEqualTo(Drift.MISSING_HERE);
        assertThat(item.resolution()).isEqualTo(Resolution.HEALING);
        assertThat(item.source()).isEqualTo(Source.PG_CANCEL);
        assertThat(item.transactionKey()).isEqualTo(cancelKey);
        await().atMost(HEALED).until(() -> refundedAmount(orderId) == AMOUNT);
        assertThat(status(orderId)).isEqualTo("COMPLETE");
        assertThat(timelineReasons(orderId)).contains("CANCELED_AT_PG");

        long second = done(reconciliation.run(RunKind.MANUAL, window));

        Item healed = onlyItem(second);
        assertThat(healed.drift()).isEqualTo(Drift.MISSING_HERE);
        assertThat(healed.resolution()).isEqualTo(Resolution.HEALED);
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(pg.cancelRequests(paymentKey))
                .as("a cancel made at the PG is never made again")
                .isZero();
    }

    @Test
    void aDepositWhoseWebhookWasLostCompletesTheOrderAwaitingIt() {
        Window window = windowOn("2026-10-03");
        String orderId = newOrderId("lost-deposit");
        String paymentKey = paymentKeyOf(orderId);
        insertOrder(orderId, "AWAITING_DEPOSIT", paymentKey, null, null);
        Instant issuedAt = window.start().plusSeconds(60);
        listOnDay(
                "2026-10-03",
                row("tx-issue-" + orderId, paymentKey, orderId, "WAITING_FOR_DEPOSIT", issuedAt, AMOUNT),
                row("tx-deposit-" + orderId, paymentKey, orderId, "DONE", issuedAt.plusSeconds(600), AMOUNT));
        pg.virtualAccount(orderId, paymentKey, AMOUNT, "DONE", null);

        long first = done(reconciliation.run(RunKind.MANUAL, window));

        Item item = onlyItem(first);
        assertThat(item.drift()).isEqualTo(Drift.MISSING_HERE);
        assertThat(item.resolution()).isEqualTo(Resolution.HEALING);
        assertThat(item.ourStatus()).isEqualTo("AWAITING_DEPOSIT");
        await().atMost(HEALED).until(() -> status(orderId), "COMPLETE"::equals);

        long second = done(reconciliation.run(RunKind.MANUAL, window));

        assertThat(runs.run(second))
                .hasValueSatisfying(
                        run -> assertThat(run.counts().of(Drift.MATCHED)).isEqualTo(2));
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
    }

    @Test
    void pagesAreReadOneAfterTheOtherThroughAThrottledOneInKoreanTime() {
        Window window = windowOn("2026-10-04");
        List<String> orderIds =
                IntStream.range(0, 5).mapToObj(i -> newOrderId("paged-" + i)).toList();
        List<String> rows = IntStream.range(0, 5)
                .mapToObj(i -> {
                    Instant approvedAt = window.start().plusSeconds(60L * (i + 1));
                    String orderId = orderIds.get(i);
                    insertOrder(orderId, "COMPLETE", paymentKeyOf(orderId), approvedAt, null);
                    return row("tx-paged-" + i, paymentKeyOf(orderId), orderId, "DONE", approvedAt, AMOUNT);
                })
                .toList();
        pg.server().stubFor(onDay("2026-10-04").willReturn(list(rows.get(0), rows.get(1))));
        String scenario = "throttled-" + UUID.randomUUID();
        pg.server()
                .stubFor(onDay("2026-10-04", "tx-paged-1")
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse()
                                .withStatus(429)
                                .withHeader("Retry-After", "1")
                                .withBody(TossPgStub.error("TOO_MANY_REQUESTS", "요청이 너무 많습니다.")))
                        .willSetStateTo("served"));
        pg.server()
                .stubFor(onDay("2026-10-04", "tx-paged-1")
                        .inScenario(scenario)
                        .whenScenarioStateIs("served")
                        .willReturn(list(rows.get(2), rows.get(3))));
        pg.server().stubFor(onDay("2026-10-04", "tx-paged-3").willReturn(list(rows.get(4))));

        long runId = done(reconciliation.run(RunKind.MANUAL, window));

        assertThat(runs.run(runId)).hasValueSatisfying(run -> {
            assertThat(run.counts().pgTransactions()).isEqualTo(5);
            assertThat(run.counts().of(Drift.MATCHED)).isEqualTo(5);
        });
        assertThat(runs.items(runId)).isEmpty();
        // the window widened by the margin (1m), in Seoul's local time, to the last whole second
        RequestPatternBuilder asked = getRequestedFor(urlPathEqualTo(TRANSACTIONS))
                .withQueryParam("startDate", equalTo("2026-10-04T08:59:00"))
                .withQueryParam("endDate", equalTo("2026-10-04T09:15:59"))
                .withQueryParam("limit", equalTo("2"));
        assertThat(pg.server().findAll(asked))
                .extracting(request -> request.queryParameter("startingAfter").isPresent()
                        ? request.queryParameter("startingAfter").firstValue()
                        : "")
                .containsExactly("", "tx-paged-1", "tx-paged-1", "tx-paged-3");
    }

    @Test
    void twoInstancesTickingForTheSameWindowAtOnceReadItOnceAndAScheduledWindowRunsOnce() throws Exception {
        Window window = windowOn("2026-10-05");
        // slow enough for both claims to meet while the first run reads
        pg.server().stubFor(onDay("2026-10-05").willReturn(list().withFixedDelay(500)));

        List<LedgerReconciliation.Outcome> outcomes = Concurrently.run(
                2,
                List.of(
                        () -> reconciliation.run(RunKind.ROLLING, window),
                        () -> reconciliation.run(RunKind.ROLLING, window)));

        assertThat(outcomes)
                .filteredOn(LedgerReconciliation.Outcome.Done.class::isInstance)
                .hasSize(1);
        assertThat(outcomes)
                .filteredOn(LedgerReconciliation.Outcome.NotStarted.class::isInstance)
                .hasSize(1);
        assertThat(reconciliation.run(RunKind.ROLLING, window))
                .as("a scheduled window is reconciled once")
                .isInstanceOf(LedgerReconciliation.Outcome.NotStarted.class);
        assertThat(pg.server()
                        .findAll(getRequestedFor(urlPathEqualTo(TRANSACTIONS))
                                .withQueryParam("startDate", matching("2026-10-05T.*"))))
                .hasSize(1);
    }

    @Test
    void theEndpointListsRunsAndOpenItemsShowsARunAsCsvAndRunsAWindowOnRequest() throws Exception {
        Window window = windowOn("2026-10-06");
        String unknownOrder = newOrderId("unknown-here");
        listOnDay(
                "2026-10-06",
                row(
                        "tx-unknown-" + unknownOrder,
                        paymentKeyOf(unknownOrder),
                        unknownOrder,
                        "DONE",
                        window.start().plusSeconds(5),
                        AMOUNT));

        HttpResponse<String> posted =
                httpPost(window.start().toString(), window.end().toString());

        assertThat(posted.statusCode()).isEqualTo(200);
        JsonNode run = json.readTree(posted.body());
        long runId = run.get("runId").asLong();
        assertThat(run.get("kind").asString()).isEqualTo("MANUAL");
        assertThat(run.get("state").asString()).isEqualTo("DONE");
        assertThat(run.get("windowStart").asString()).isEqualTo("2026-10-06T00:00:00Z");
        assertThat(run.get("pgTransactions").asInt()).isOne();
        assertThat(run.get("counts").get("MISSING_HERE").asInt()).isOne();
        assertThat(run.get("resolutions").get("REPORTED").asInt()).isOne();
        assertThat(run.get("items")).singleElement().satisfies(item -> {
            assertThat(item.get("class").asString()).isEqualTo("MISSING_HERE");
            assertThat(item.get("orderId").asString()).isEqualTo(unknownOrder);
            assertThat(item.get("occurredAt").asString()).isEqualTo("2026-10-06T00:00:05Z");
        });

        JsonNode overview = json.readTree(
                httpGet("/actuator/reconciliation?limit=50", "application/json").body());
        assertThat(overview.get("runs").findValuesAsString("runId")).contains(String.valueOf(runId));
        assertThat(overview.get("runs").get(0).has("items")).isFalse();
        assertThat(overview.get("openItems").findValuesAsString("orderId")).contains(unknownOrder);

        HttpResponse<String> csv = httpGet("/actuator/reconciliation/" + runId, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(csv.body().split("\r\n"))
                .containsExactly(
                        String.join(",", ReconciliationEndpoint.ITEM_FIELDS),
                        runId + ",MISSING_HERE,REPORTED,PG_APPROVAL," + unknownOrder + ","
                                + paymentKeyOf(unknownOrder) + ",tx-unknown-" + unknownOrder
                                + ",,DONE,15000,,,2026-10-06T00:00:05Z,approved at the PG for an order we do not know");
        assertThat(httpGet("/actuator/reconciliation/" + runId, "application/json")
                        .body())
                .contains("\"items\":[");
        assertThat(httpGet("/actuator/reconciliation/" + (runId + 100_000), "application/json")
                        .statusCode())
                .isEqualTo(404);

        assertThat(httpPost(window.end().toString(), window.start().toString()).statusCode())
                .as("from after to")
                .isEqualTo(400);
        assertThat(httpPost(window.start().toString(), window.start().toString())
                        .statusCode())
                .as("an empty window")
                .isEqualTo(400);
        assertThat(httpPost("yesterday", window.end().toString()).statusCode()).isEqualTo(400);
    }

    @Test
    void aManualRunOfAWindowBeingReconciledIsRefusedWithAConflict() throws Exception {
        Window window = windowOn("2026-10-07");
        pg.server().stubFor(onDay("2026-10-07").willReturn(list().withFixedDelay(1_000)));
        CompletableFuture<LedgerReconciliation.Outcome> running =
                CompletableFuture.supplyAsync(() -> reconciliation.run(RunKind.MANUAL, window));
        await().atMost(Duration.ofSeconds(5)).until(() -> runningRuns(window) == 1);

        HttpResponse<String> refused =
                httpPost(window.start().toString(), window.end().toString());

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json.readTree(refused.body()).get("error").asString()).contains("being reconciled");
        assertThat(running.get()).isInstanceOf(LedgerReconciliation.Outcome.Done.class);
    }

    @Test
    void aFailedOrAbandonedScheduledRunIsTakenOverAndOnlyItsOwnerWritesIt() {
        Window window = windowOn("2026-10-08");
        Duration lease = Duration.ofMinutes(1);
        long first =
                runs.claimScheduled(RunKind.DAILY, window, "instance-a", lease).orElseThrow();
        assertThat(runs.claimScheduled(RunKind.DAILY, window, "instance-b", lease))
                .as("RUNNING")
                .isEmpty();
        assertThat(runs.claimManual(window, "instance-b", lease))
                .as("never the same window twice at once")
                .isEmpty();

        runs.fail(first, "instance-a", "the PG refused page 1");
        long second =
                runs.claimScheduled(RunKind.DAILY, window, "instance-b", lease).orElseThrow();

        assertThat(second).as("the window's one row, taken over").isEqualTo(first);
        assertThat(runs.renew(first, "instance-a", lease)).isFalse();
        assertThat(runs.finish(first, "instance-a", Counts.of(0, List.of()), List.of()))
                .isFalse();

        // instance-b stops without finishing: once its lease has run out the window is taken over again
        jdbc.sql("UPDATE reconciliation_runs SET lease_until = now() - interval '1 second' WHERE run_id = ?")
                .param(second)
                .update();
        long third =
                runs.claimScheduled(RunKind.DAILY, window, "instance-c", lease).orElseThrow();
        assertThat(runs.renew(third, "instance-b", lease)).isFalse();
        assertThat(runs.finish(third, "instance-c", Counts.of(0, List.of()), List.of()))
                .isTrue();

        assertThat(runs.run(third)).hasValueSatisfying(run -> {
            assertThat(run.state()).isEqualTo("DONE");
            assertThat(run.error()).isNull();
            assertThat(run.finishedAt()).isNotNull();
        });
        assertThat(runs.claimScheduled(RunKind.DAILY, window, "instance-d", lease))
                .as("a scheduled window DONE is not run again")
                .isEmpty();
    }

    @Test
    void anItemIsOpenUntilALaterRunCoveringItNoLongerListsItAndOldRunsGoOnTheDailyTick() {
        Window window = windowOn("2026-10-09");
        String orderId = newOrderId("open-item");
        Item reported = new Item(
                Drift.MISSING_AT_PG,
                Resolution.REPORTED,
                Source.OUR_ORDER,
                orderId,
                paymentKeyOf(orderId),
                null,
                null,
                null,
                null,
                "COMPLETE",
                AMOUNT,
                window.start().plusSeconds(30),
                "COMPLETE here; the PG lists no approval of its payment",
                false);
        Item healed = new Item(
                Drift.MISSING_HERE,
                Resolution.HEALED,
                Source.PG_CANCEL,
                orderId,
                paymentKeyOf(orderId),
                "tx-" + orderId,
                null,
                "CANCELED",
                AMOUNT,
                "COMPLETE",
                AMOUNT,
                window.start().plusSeconds(60),
                "healed",
                false);
        long first = finishedManualRun(window, List.of(reported, healed));

        assertThat(openItemsOf(orderId)).containsExactly(reported.occurredAt());

        // a run that failed covers nothing; a later DONE run over a wider window without the item closes it
        Window wider = new Window(window.start().minusSeconds(3600), window.end());
        long failed =
                runs.claimManual(wider, "instance-x", Duration.ofMinutes(1)).orElseThrow();
        runs.fail(failed, "instance-x", "the PG refused page 1");
        assertThat(openItemsOf(orderId)).hasSize(1);
        finishedManualRun(wider, List.of());
        assertThat(openItemsOf(orderId)).isEmpty();

        jdbc.sql("UPDATE reconciliation_runs SET started_at = now() - interval '91 days' WHERE run_id = ?")
                .param(first)
                .update();
        List<Long> before = runIds();
        scheduler.rollingTick();
        scheduler.dailyTick();

        assertThat(runs.run(first)).as("deleted with its items").isEmpty();
        assertThat(runs.items(first)).isEmpty();
        assertThat(runIds())
                .as("the old run deleted; reconciliation is off here, so the ticks started none")
                .isEqualTo(before.stream().filter(runId -> runId != first).toList());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** The one item {@code runId} stored. */
    private Item onlyItem(long runId) {
        List<ReconciliationRuns.StoredItem> items = runs.items(runId);
        assertThat(items).hasSize(1);
        return items.getFirst().item();
    }

    /** A MANUAL run over {@code window} stored DONE with {@code items}, as a run of another instance would be. */
    private long finishedManualRun(Window window, List<Item> items) {
        long runId =
                runs.claimManual(window, "instance-x", Duration.ofMinutes(1)).orElseThrow();
        assertThat(runs.finish(runId, "instance-x", Counts.of(items.size(), items), items))
                .isTrue();
        return runId;
    }

    private List<Long> runIds() {
        return jdbc.sql("SELECT run_id FROM reconciliation_runs ORDER BY run_id")
                .query(Long.class)
                .list();
    }

    private List<Instant> openItemsOf(String orderId) {
        return runs.openItems(1000).stream()
                .map(ReconciliationRuns.StoredItem::item)
                .filter(item -> orderId.equals(item.orderId()))
                .map(Item::occurredAt)
                .toList();
    }

    /** The first quarter of an hour of {@code day}, UTC. */
    private static Window windowOn(String day) {
        Instant start = Instant.parse(day + "T00:00:00Z");
        return new Window(start, start.plus(Duration.ofMinutes(15)));
    }

    private static long done(LedgerReconciliation.Outcome outcome) {
        assertThat(outcome).isInstanceOf(LedgerReconciliation.Outcome.Done.class);
        return ((LedgerReconciliation.Outcome.Done) outcome).runId();
    }

    /** Toss's row of the transactions list, all its fields. */
    private static String row(
            String transactionKey, String paymentKey, String orderId, String status, Instant at, long amount) {
        return """
                {"mId":"tosspayments","transactionKey":"%s","paymentKey":"%s","orderId":"%s","method":"카드",
                 "customerKey":null,"useEscrow":false,"receiptUrl":null,"status":"%s","transactionAt":"%s",
                 "currency":"KRW","amount":%d}""".formatted(
                        transactionKey,
                        paymentKey,
                        orderId,
                        status,
                        at.atZone(SEOUL).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                        amount);
    }

    private static ResponseDefinitionBuilder list(String... rows) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[" + String.join(",", rows) + "]");
    }

    /** The first page of the transactions list of a window of {@code day} (its startDate in Seoul is that day). */
    private static MappingBuilder onDay(String day) {
        return get(urlPathEqualTo(TRANSACTIONS))
                .withQueryParam("startDate", matching(day + "T.*"))
                .withQueryParam("startingAfter", absent());
    }

    private static MappingBuilder onDay(String day, String startingAfter) {
        return get(urlPathEqualTo(TRANSACTIONS))
                .withQueryParam("startDate", matching(day + "T.*"))
                .withQueryParam("startingAfter", equalTo(startingAfter));
    }

    /** The PG lists {@code rows} (fewer than a page: the last page) for the window of {@code day}. */
    private static void listOnDay(String day, String... rows) {
        pg.server().stubFor(onDay(day).willReturn(list(rows)));
    }

    /** An order row as the consumer writes it. */
    private void insertOrder(String orderId, String status, String paymentKey, Instant approvedAt, String reason) {
        jdbc.sql("""
                        INSERT INTO orders (order_id, status, amount, currency, order_name, token_hash, payment_key,
                                            reason, approved_at, method, expires_at, created_at, updated_at, version)
                        VALUES (:orderId, :status, :amount, 'KRW', '토스 티셔츠', repeat('a', 64), :paymentKey, :reason,
                                :approvedAt, :method, now() + interval '30 minutes', now() - interval '1 hour',
                                now() - interval '1 hour', 3)""")
                .param("orderId", orderId)
                .param("status", status)
                .param("amount", AMOUNT)
                .param("paymentKey", paymentKey)
                .param("reason", reason)
                .param("approvedAt", approvedAt == null ? null : OurLedger.utc(approvedAt))
                .param("method", status.equals("AWAITING_DEPOSIT") ? TossPgStub.VIRTUAL_ACCOUNT : TossPgStub.CARD)
                .update();
    }

    private String status(String orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE order_id = ?")
                .param(orderId)
                .query(String.class)
                .single();
    }

    private long refundedAmount(String orderId) {
        return jdbc.sql("SELECT refunded_amount FROM orders WHERE order_id = ?")
                .param(orderId)
                .query(Long.class)
                .single();
    }

    /** The transactionKey of the order's give-back once it SUCCEEDED; null before. */
    private String giveBackTransactionKey(String orderId) {
        return jdbc.sql("""
                        SELECT transaction_key FROM refunds
                         WHERE order_id = ? AND initiator = 'WORKER' AND status = 'SUCCEEDED'""").param(orderId).query(String.class).optional().orElse(null);
    }

    private long checkRequests(String orderId) {
        return jdbc.sql("SELECT requests FROM pg_status_checks WHERE order_id = ?")
                .param(orderId)
                .query(Long.class)
                .single();
    }

    private List<String> timelineReasons(String orderId) {
        return jdbc.sql("SELECT reason FROM order_timeline WHERE order_id = ? AND reason IS NOT NULL ORDER BY id")
                .param(orderId)
                .query(String.class)
                .list();
    }

    private long runningRuns(Window window) {
        return jdbc.sql("""
                        SELECT count(*) FROM reconciliation_runs
                         WHERE window_start = :start AND window_end = :end AND state = 'RUNNING'""")
                .param("start", OurLedger.utc(window.start()))
                .param("end", OurLedger.utc(window.end()))
                .query(Long.class)
                .single();
    }

    private HttpResponse<String> httpGet(String path, String accept) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Accept", accept)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> httpPost(String from, String to) throws IOException, InterruptedException {
        String body = json.writeValueAsString(Map.of("from", from, "to", to));
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/reconciliation"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
