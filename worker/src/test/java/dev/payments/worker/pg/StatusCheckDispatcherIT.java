package dev.payments.worker.pg;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.KafkaRecords;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.worker.messaging.CloudEventWriter;
import dev.payments.worker.testing.InfrastructureSlice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status-check dispatcher on a real PostgreSQL, a real Kafka broker and a Toss-shaped PG over HTTP, in a Spring
 * context of only the pg package and its infrastructure. The context's dispatcher polls once an hour, so each of its
 * look-ups is started by the wake-up after the requesting transaction commits, or by a retry it scheduled itself;
 * the confirm dispatcher is off.
 */
@SpringBootTest(
        classes = StatusCheckDispatcherIT.PgSlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "spring.jpa.open-in-view=false",
            "spring.kafka.producer.acks=all",
            "spring.kafka.producer.key-serializer=org.apache.kafka.common.serialization.StringSerializer",
            "spring.kafka.producer.value-serializer=org.apache.kafka.common.serialization.ByteArraySerializer",
            "payments.pg.secret-key=" + StatusCheckDispatcherIT.SECRET_KEY,
            "payments.pg.confirm.enabled=false",
            "payments.pg.status-check.poll-interval=1h",
            "payments.pg.status-check.initial-backoff=100ms",
            "payments.pg.status-check.max-backoff=400ms",
            "payments.pg.status-check.shutdown-grace=1s"
        })
@EmbeddedKafka(partitions = 3, topics = Topics.ORDER_EVENTS)
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
    @Import(InfrastructureSlice.class)
    @ComponentScan(
            basePackageClasses = StatusCheckDispatcher.class,
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    @EnableConfigurationProperties(PgProperties.class)
    static class PgSlice {}

    @Autowired
    StatusChecks statusChecks;

    @Autowired
    StatusCheckJobs checks;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    DataSource dataSource;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Autowired
    KafkaTemplate<String, byte[]> kafkaTemplate;

    @Autowired
    CloudEventWriter writer;

    @Autowired
    JsonMapper json;

    private TransactionTemplate tx;
    private JdbcClient jdbc;
    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @BeforeEach
    void setUp() {
        tx = new TransactionTemplate(transactionManager);
        jdbc = JdbcClient.create(dataSource);
    }

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
    void lookupByPaymentKeyIsPublishedOnceAsLookupStatusWithThePgsStatusAmountAndApprovalTime() {
        String orderId = newOrderId("by-key");
        String paymentKey = paymentKeyOf(orderId);
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "DONE");

        requestCommitted(orderId, paymentKey);

        // nothing polls within the hour: only the wake-up after commit can have started this look-up
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(statuses(orderId)).singleElement().satisfies(event -> {
            assertThat(event.id()).startsWith(orderId + ":status:");
            assertThat(UUID.fromString(event.id().substring((orderId + ":status:").length())))
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
        pg.paymentByOrderId(orderId, paymentKey, AMOUNT, "ABORTED");

        requestCommitted(orderId, null);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(statuses(orderId)).singleElement().satisfies(event -> {
            assertThat(event.data().status()).isEqualTo("ABORTED");
            assertThat(event.data().paymentKey()).isEqualTo(paymentKey);
            assertThat(event.data().totalAmount()).isEqualTo(AMOUNT);
            assertThat(event.data().approvedAt()).isNull();
            assertThat(event.data().verification()).isEqualTo(PgStatus.Verification.LOOKUP);
        });
        assertThat(pg.lookupsByOrderId(orderId)).isOne();
    }

    @Test
    void paymentThePgDoesNotKnowPublishesNothingAndTheCheckIsDone() {
        String orderId = newOrderId("unknown");
        String paymentKey = paymentKeyOf(orderId);

        requestCommitted(orderId, paymentKey);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(check(orderId).outcome()).isEqualTo("NOT_FOUND");
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(statuses(orderId)).isEmpty();
    }

    @Test
    void serverErrorIsRetriedAndThenThePgsAnswerPublished() {
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
    void paymentOfAnotherOrderIsNeverPublished() {
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

        // three requests in one transaction: one check, one look-up
        tx.executeWithoutResult(status -> {
            statusChecks.request(orderId, paymentKey);
            statusChecks.request(orderId, paymentKey);
            statusChecks.request(orderId, paymentKey);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(statuses(orderId)).hasSize(1);

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
        assertThat(statuses(orderId)).extracting(Envelope::id).doesNotHaveDuplicates();
        assertThat(pg.lookupsByKey(paymentKey)).isEqualTo(2);
    }

    @Test
    void aRequestInARolledBackTransactionLeavesNoCheck() {
        String orderId = newOrderId("rolled-back");

        tx.executeWithoutResult(status -> {
            statusChecks.request(orderId, paymentKeyOf(orderId));
            status.setRollbackOnly();
        });

        assertThat(findCheck(orderId)).isEmpty();
        assertThat(pg.lookupsByKey(paymentKeyOf(orderId))).isZero();
    }

    @Test
    void twoPollersOnOneTablePublishEachCheckOnce() {
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        StatusCheckDispatcher first = dispatcher(firstMeters);
        StatusCheckDispatcher second = dispatcher(secondMeters);
        List<String> orderIds =
                IntStream.range(0, 30).mapToObj(i -> newOrderId("pair-" + i)).toList();
        for (String orderId : orderIds) {
            // a slow PG, so that neither poller can take every check before the other one polls
            pg.server()
                    .stubFor(get(urlEqualTo("/v1/payments/" + paymentKeyOf(orderId)))
                            .atPriority(1)
                            .willReturn(json(200, TossPgStub.payment(orderId, paymentKeyOf(orderId), AMOUNT, "DONE"))
                                    .withFixedDelay(100)));
            // recorded without a transaction and without waking anyone: only the two pollers find these
            checks.request(orderId, paymentKeyOf(orderId));
        }

        first.start();
        second.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> orderIds.stream().allMatch(this::isDone));
        Map<String, Long> published = KafkaRecords.readAll(kafka.getBrokersAsString(), Topics.ORDER_EVENTS).stream()
                .filter(record -> orderIds.contains(record.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(orderIds).allSatisfy(orderId -> {
            assertThat(published.get(orderId)).as("statuses of %s", orderId).isOne();
            assertThat(pg.lookupsByKey(paymentKeyOf(orderId)))
                    .as("look-ups of %s", orderId)
                    .isOne();
        });
        assertThat(publishedCount(firstMeters))
                .as("checks the first poller did")
                .isPositive();
        assertThat(publishedCount(secondMeters))
                .as("checks the second poller did")
                .isPositive();
        assertThat(publishedCount(firstMeters) + publishedCount(secondMeters)).isEqualTo(orderIds.size());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static String newOrderId(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static String paymentKeyOf(String orderId) {
        return "tgen_" + orderId.replace("-", "");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    private void requestCommitted(String orderId, String paymentKey) {
        tx.executeWithoutResult(status -> statusChecks.request(orderId, paymentKey));
    }

    /** Another worker instance on the same table and broker, polling every 20 ms. */
    private StatusCheckDispatcher dispatcher(MeterRegistry registry) {
        String[] settings = Stream.of(
                        "secret-key", SECRET_KEY,
                        "status-check.poll-interval", "20ms",
                        "status-check.max-concurrency", "4",
                        "status-check.shutdown-grace", "1s")
                .toArray(String[]::new);
        PgProperties properties = PgPropertiesFixture.bind(pg.baseUrl(), settings);
        TossPaymentsClient client = new TossPaymentsClient(properties, json, registry);
        StatusCheckDispatcher instance = new StatusCheckDispatcher(
                checks,
                client,
                new StatusPublisher(kafkaTemplate, writer, Clock.systemUTC(), properties),
                properties,
                registry);
        cleanUp.add(client::destroy);
        cleanUp.add(instance::stop);
        return instance;
    }

    private static double publishedCount(MeterRegistry registry) {
        return registry.counter("payments.pg.status.outcomes", "outcome", "published")
                .count();
    }

    private List<Envelope> statuses(String orderId) {
        return KafkaRecords.readAll(kafka.getBrokersAsString(), Topics.ORDER_EVENTS, orderId).stream()
                .map(record -> json.readValue(record.value(), Envelope.class))
                .toList();
    }

    private boolean isDone(String orderId) {
        return findCheck(orderId).map(check -> check.state().equals("DONE")).orElse(false);
    }

    private CheckRow check(String orderId) {
        return findCheck(orderId).orElseThrow(() -> new AssertionError("no status check for " + orderId));
    }

    private Optional<CheckRow> findCheck(String orderId) {
        return jdbc.sql("SELECT state, outcome, attempts FROM pg_status_checks WHERE order_id = ?")
                .param(orderId)
                .query((rs, row) -> new CheckRow(rs.getString("state"), rs.getString("outcome"), rs.getInt("attempts")))
                .optional();
    }

    record CheckRow(String state, String outcome, int attempts) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(String id, String source, String type, String subject, PgStatus data) {}
}
