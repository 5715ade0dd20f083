package dev.payments.worker.pg.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.payments.worker.pg.TestOrders.newOrderId;
import static dev.payments.worker.pg.TestOrders.paymentKeyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.PgTestInfrastructure;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.pg.client.PgProperties;
import dev.payments.worker.pg.client.PgPropertiesFixture;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.pg.status.StatusCheckRequests.Request;
import dev.payments.worker.testing.OutboxRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status-check dispatcher on a real PostgreSQL and a Toss-shaped PG over HTTP, in a Spring context of only the
 * status package and what it needs. The outbox relay is off: what the PG says is asserted as the outbox row the relay
 * would publish. The context's dispatcher polls once an hour, so each of its look-ups is started by the wake-up after
 * the requesting transaction commits, or by a retry it scheduled itself; the confirm dispatcher is not in the context.
 */
@SpringBootTest(
        classes = StatusCheckDispatcherIT.StatusSlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "payments.outbox.enabled=false",
            "payments.pg.secret-key=" + StatusCheckDispatcherIT.SECRET_KEY,
            "payments.worker.event-key=event-key-of-the-status-check-dispatcher-it-at-least-32-characters",
            "payments.pg.status-check.poll-interval=1h",
            "payments.pg.status-check.initial-backoff=100ms",
            "payments.pg.status-check.max-backoff=400ms",
            "payments.pg.status-check.shutdown-grace=1s"
        })
@DirtiesContext
class StatusCheckDispatcherIT {

    static final String SECRET_KEY = "test_sk_status_check_it";
    private static final long AMOUNT = 15_000;

    private static final String JDBC_URL = TestDatabases.fresh("pg_status_check_it");

    private static final TossPgStub pg = TossPgStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("payments.pg.base-url", pg::baseUrl);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(PgTestInfrastructure.class)
    @ComponentScan(
            basePackageClasses = StatusCheckDispatcher.class,
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    static class StatusSlice {}

    @Autowired
    StatusCheckRequests statusChecks;

    @Autowired
    StatusCheckJobs checks;

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : cleanUp.reversed()) {
            closeable.close();
        }
    }

    @AfterAll
    static void stopPg() {
        pg.close();
    }

    @Test
    void lookupByPaymentKeyIsWrittenOnceAsLookupStatusToTheOrdersPartitionWithTheChecksDoneMark() {
        String orderId = newOrderId("by-key");
        String paymentKey = paymentKeyOf(orderId);
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "DONE");

        requestCommitted(orderId, paymentKey);

        // nothing polls within the hour: only the wake-up after commit can have started this look-up
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(OutboxRow.of(jdbc, orderId)).singleElement().satisfies(row -> {
            assertThat(row.topic()).isEqualTo(Topics.ORDER_EVENTS);
            assertThat(row.key()).isEqualTo(orderId);
            CloudEvent<PgStatus> event = row.event(json, PgStatus.class);
            assertThat(event.id()).startsWith(EventIds.statusPrefix(orderId));
            assertThat(UUID.fromString(
                            event.id().substring(EventIds.statusPrefix(orderId).length())))
                    .isNotNull();
            assertThat(event.type()).isEqualTo("payment.pg.status");
            assertThat(event.source()).isEqualTo(EventSources.WORKER);
            assertThat(event.subject()).isEqualTo(orderId);
            assertThat(event.data().orderId()).isEqualTo(orderId);
            assertThat(event.data().verification()).isEqualTo(PgStatus.Verification.LOOKUP);
            assertThat(event.data().status()).isEqualTo("DONE");
            assertThat(event.data().totalAmount()).isEqualTo(AMOUNT);
            assertThat(event.data().paymentKey()).isEqualTo(paymentKey);
            assertThat(event.data().approvedAt()).isAtSameInstantAs(OffsetDateTime.parse(TossPgStub.APPROVED_AT));
            assertThat(event.data().method()).isEqualTo(TossPgStub.CARD);
            assertThat(event.data().balanceAmount()).isEqualTo(AMOUNT);
        });
        assertThat(check(orderId).outcome()).isEqualTo("PUBLISHED");
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(pg.lookupsByOrderId(orderId)).isZero();
        assertThat(pg.confirmRequests(orderId))
                .as("a status check never confirms")
                .isZero();
    }

    @Test
    void withoutAPaymentKeyThePaymentIsLookedUpByOrderIdAndItsKeyComesFromThePg() {
        String orderId = newOrderId("by-order");
        String paymentKey = paymentKeyOf(orderId);
        // a virtual account awaiting its deposit, whose look-up shows the secret: the status names the method only
        pg.answerPaymentByOrderId(
                orderId,
                TossPgStub.virtualAccountPayment(
                        orderId,
                        paymentKey,
                        AMOUNT,
                        "WAITING_FOR_DEPOSIT",
                        TossPgStub.VA_SECRET,
                        TossPgStub.VA_DUE_DATE));

        requestCommitted(orderId, null);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(statuses(orderId)).singleElement().satisfies(event -> {
            assertThat(event.data().status()).isEqualTo("WAITING_FOR_DEPOSIT");
            assertThat(event.data().paymentKey()).isEqualTo(paymentKey);
            assertThat(event.data().totalAmount()).isEqualTo(AMOUNT);
            assertThat(event.data().approvedAt()).isNull();
            assertThat(event.data().verification()).isEqualTo(PgStatus.Verification.LOOKUP);
            assertThat(event.data().method()).isEqualTo(TossPgStub.VIRTUAL_ACCOUNT);
            assertThat(event.data().secret()).isNull();
        });
        assertThat(pg.lookupsByOrderId(orderId)).isOne();
    }

    @Test
    void paymentThePgDoesNotKnowWritesNothingAndTheCheckIsDone() {
        String orderId = newOrderId("unknown");
        String paymentKey = paymentKeyOf(orderId);

        requestCommitted(orderId, paymentKey);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(check(orderId).outcome()).isEqualTo("NOT_FOUND");
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(statuses(orderId)).isEmpty();
    }

    @Test
    void serverErrorIsRetriedAndThenThePgsAnswerWritten() {
        String orderId = newOrderId("flaky");
        String paymentKey = paymentKeyOf(orderId);
        String scenario = "lookup-500-then-200-" + orderId;
        pg.server()
                .stubFor(get(urlEqualTo("/v1/payments/" + paymentKey))
                        .atPriority(1)
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(json(500, TossPgStub.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 오류")))
                        .willSetStateTo("recovered"));
        pg.server()
                .stubFor(get(urlEqualTo("/v1/payments/" + paymentKey))
                        .atPriority(1)
                        .inScenario(scenario)
                        .whenScenarioStateIs("recovered")
                        .willReturn(json(200, TossPgStub.payment(orderId, paymentKey, AMOUNT, "DONE"))));

        requestCommitted(orderId, paymentKey);

        // the retry is the dispatcher's own (back-off 50..100 ms): the context's poller would not run for an hour
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(pg.lookupsByKey(paymentKey)).isEqualTo(2);
        assertThat(check(orderId).attempts()).isEqualTo(2);
        assertThat(statuses(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().status()).isEqualTo("DONE"));
    }

    @Test
    void aPaymentThePgNamesNoKeyForIsNeverFedBack() {
        String orderId = newOrderId("keyless");
        pg.server()
                .stubFor(get(urlEqualTo("/v1/payments/orders/" + orderId))
                        .atPriority(1)
                        .willReturn(json(200, """
                                {"orderId":"%s","status":"DONE","totalAmount":%d,"approvedAt":"2026-11-23T19:15:31+09:00"}""".formatted(orderId, AMOUNT))));

        requestCommitted(orderId, null);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(check(orderId).outcome()).isEqualTo("MISMATCH");
        assertThat(statuses(orderId))
                .as("a DONE without a key would complete the order with no payment")
                .isEmpty();
    }

    @Test
    void paymentOfAnotherOrderIsNeverFedBack() {
        String orderId = newOrderId("forged");
        String othersKey = paymentKeyOf("someone-else");
        pg.paymentByKey(othersKey, "someone-else-order", AMOUNT, "DONE");

        requestCommitted(orderId, othersKey);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(check(orderId).outcome()).isEqualTo("MISMATCH");
        assertThat(pg.lookupsByKey(othersKey)).isOne();
        assertThat(statuses(orderId)).isEmpty();
        assertThat(statuses("someone-else-order")).isEmpty();
    }

    @Test
    void aCheckIsOneRowPerOrderThatANewRequestMakesPendingAndDueAgainOnceDone() {
        String orderId = newOrderId("again");
        String paymentKey = paymentKeyOf(orderId);
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "IN_PROGRESS");

        // three requests in one call: one check, one look-up
        Request request = new Request(orderId, paymentKey);
        tx.executeWithoutResult(status -> statusChecks.request(List.of(request, request, request)));
        statusChecks.committed();
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(statuses(orderId)).hasSize(1);
        assertThat(check(orderId).requests()).isEqualTo(3);

        pg.paymentByKey(paymentKey, orderId, AMOUNT, "DONE");
        requestCommitted(orderId, paymentKey);

        await().atMost(Duration.ofSeconds(5)).until(() -> statuses(orderId).size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(jdbc.sql("SELECT count(*) FROM pg_status_checks WHERE order_id = ?")
                        .param(orderId)
                        .query(Long.class)
                        .single())
                .isOne();
        assertThat(statuses(orderId)).extracting(event -> event.data().status()).containsExactly("IN_PROGRESS", "DONE");
        assertThat(statuses(orderId)).extracting(CloudEvent::id).doesNotHaveDuplicates();
        assertThat(pg.lookupsByKey(paymentKey)).isEqualTo(2);
    }

    @Test
    void aCheckRequestedAgainDuringItsLookupIsReadAgainAfterItInsteadOfDone() {
        String orderId = newOrderId("during");
        String paymentKey = paymentKeyOf(orderId);
        stubLookup(paymentKey, orderId, "IN_PROGRESS", 1_000);

        requestCommitted(orderId, paymentKey);
        await().atMost(Duration.ofSeconds(5)).until(() -> pg.lookupsByKey(paymentKey) == 1);
        // a newer hint arrives while the PG is still answering the first look-up
        requestCommitted(orderId, paymentKey);

        // the first answer is written all the same, then the PG is read again: the check ends after the second
        await().atMost(Duration.ofSeconds(10)).until(() -> pg.lookupsByKey(paymentKey) == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> isDone(orderId));
        assertThat(statuses(orderId)).hasSize(2);
        assertThat(check(orderId)).isEqualTo(new CheckRow("DONE", "PUBLISHED", 2, 2));
    }

    @Test
    void requestsForOneOrderNamingDifferentPaymentsInOneCallReadTheOrdersPaymentByOrderId() {
        String orderId = newOrderId("two-hints");
        pg.paymentByOrderId(orderId, paymentKeyOf(orderId), AMOUNT, "DONE");

        tx.executeWithoutResult(status -> statusChecks.request(List.of(
                new Request(orderId, paymentKeyOf(orderId)), new Request(orderId, paymentKeyOf("someone-else")))));
        statusChecks.committed();

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(pg.lookupsByOrderId(orderId)).isOne();
        assertThat(statuses(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().paymentKey()).isEqualTo(paymentKeyOf(orderId)));
        assertThat(check(orderId).requests()).isEqualTo(2);
    }

    @Test
    void aRequestInARolledBackTransactionLeavesNoCheckAndOneOutsideATransactionIsRefused() {
        String orderId = newOrderId("rolled-back");

        tx.executeWithoutResult(status -> {
            statusChecks.request(List.of(new Request(orderId, paymentKeyOf(orderId))));
            status.setRollbackOnly();
        });
        statusChecks.committed();
        assertThatThrownBy(() -> statusChecks.request(List.of(new Request(orderId, paymentKeyOf(orderId)))))
                .isInstanceOf(IllegalTransactionStateException.class);

        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.lookupsByKey(paymentKeyOf(orderId)) == 0);
        assertThat(findCheck(orderId)).isEmpty();
    }

    @Test
    void twoPollersOnOneTableWriteEachCheckOnce() {
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        StatusCheckDispatcher first = dispatcher(firstMeters);
        StatusCheckDispatcher second = dispatcher(secondMeters);
        List<String> orderIds =
                IntStream.range(0, 30).mapToObj(i -> newOrderId("pair-" + i)).toList();
        // a slow PG, so that neither poller can take every check before the other one polls
        orderIds.forEach(orderId -> stubLookup(paymentKeyOf(orderId), orderId, "DONE", 100));
        // recorded without waking anyone: only the two pollers find these
        tx.executeWithoutResult(status -> statusChecks.request(orderIds.stream()
                .map(orderId -> new Request(orderId, paymentKeyOf(orderId)))
                .toList()));

        first.start();
        second.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> orderIds.stream().allMatch(this::isDone));
        assertThat(orderIds).allSatisfy(orderId -> {
            assertThat(OutboxRow.of(jdbc, orderId))
                    .as("statuses of %s", orderId)
                    .hasSize(1);
            assertThat(pg.lookupsByKey(paymentKeyOf(orderId)))
                    .as("look-ups of %s", orderId)
                    .isOne();
        });
        // counted once their batch committed, just after the DONE marks became visible
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(publishedCount(firstMeters) + publishedCount(secondMeters))
                        .isEqualTo(orderIds.size()));
        assertThat(publishedCount(firstMeters))
                .as("checks the first poller did")
                .isPositive();
        assertThat(publishedCount(secondMeters))
                .as("checks the second poller did")
                .isPositive();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    /** The payment read by its key, answered after {@code delayMillis}. */
    private static void stubLookup(String paymentKey, String orderId, String status, int delayMillis) {
        pg.server()
                .stubFor(get(urlEqualTo("/v1/payments/" + paymentKey))
                        .atPriority(1)
                        .willReturn(json(200, TossPgStub.payment(orderId, paymentKey, AMOUNT, status))
                                .withFixedDelay(delayMillis)));
    }

    /** As the consumer does it: requested in a transaction, the dispatcher woken once it has committed. */
    private void requestCommitted(String orderId, String paymentKey) {
        tx.executeWithoutResult(status -> statusChecks.request(List.of(new Request(orderId, paymentKey))));
        statusChecks.committed();
    }

    /** Another worker instance on the same table and outbox, polling every 20 ms. */
    private StatusCheckDispatcher dispatcher(MeterRegistry registry) {
        PgProperties properties = PgPropertiesFixture.bind(
                pg.baseUrl(),
                "secret-key",
                SECRET_KEY,
                "status-check.poll-interval",
                "20ms",
                "status-check.max-concurrency",
                "4",
                "status-check.shutdown-grace",
                "1s");
        TossPaymentsClient client = new TossPaymentsClient(properties, json, registry);
        StatusCheckDispatcher instance =
                new StatusCheckDispatcher(checks, client, properties, outbox, tx, Clock.systemUTC(), registry);
        cleanUp.add(client::destroy);
        cleanUp.add(instance::stop);
        return instance;
    }

    private static double publishedCount(MeterRegistry registry) {
        return registry.counter("payments.pg.status.outcomes", "outcome", "published")
                .count();
    }

    private List<CloudEvent<PgStatus>> statuses(String orderId) {
        return OutboxRow.of(jdbc, orderId).stream()
                .map(row -> row.event(json, PgStatus.class))
                .toList();
    }

    private boolean isDone(String orderId) {
        return findCheck(orderId).map(check -> check.state().equals("DONE")).orElse(false);
    }

    private CheckRow check(String orderId) {
        return findCheck(orderId).orElseThrow(() -> new AssertionError("no status check for " + orderId));
    }

    private Optional<CheckRow> findCheck(String orderId) {
        return jdbc.sql("SELECT state, outcome, attempts, requests FROM pg_status_checks WHERE order_id = ?")
                .param(orderId)
                .query((rs, row) -> new CheckRow(
                        rs.getString("state"), rs.getString("outcome"), rs.getInt("attempts"), rs.getLong("requests")))
                .optional();
    }

    record CheckRow(String state, String outcome, int attempts, long requests) {}
}
