package dev.payments.worker.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.EmbeddedPostgres;
import dev.payments.testsupport.KafkaRecords;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.worker.messaging.CloudEventWriter;
import dev.payments.worker.testing.InfrastructureSlice;
import dev.payments.worker.testing.UnreachableKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
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
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The confirm dispatcher on a real PostgreSQL, a real Kafka broker and a Toss-shaped PG over HTTP, in a Spring context
 * of only the pg package and the infrastructure it needs (not the rest of the worker).
 *
 * <p>The context's dispatcher polls only once an hour, so each of its confirms is started by the wake-up after the
 * requesting transaction commits, or by a retry it scheduled itself. Tests that need polling (other instances, lease
 * expiry) build further dispatchers by hand on the same table.
 */
@SpringBootTest(
        classes = ConfirmDispatcherIT.PgSlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "spring.jpa.open-in-view=false",
            "spring.kafka.producer.acks=all",
            "spring.kafka.producer.key-serializer=org.apache.kafka.common.serialization.StringSerializer",
            "spring.kafka.producer.value-serializer=org.apache.kafka.common.serialization.ByteArraySerializer",
            "payments.pg.secret-key=" + ConfirmDispatcherIT.SECRET_KEY,
            "payments.pg.confirm.poll-interval=1h",
            "payments.pg.confirm.max-concurrency=4",
            "payments.pg.confirm.initial-backoff=100ms",
            "payments.pg.confirm.max-backoff=400ms",
            "payments.pg.confirm.shutdown-grace=1s"
        })
@EmbeddedKafka(partitions = 3, topics = Topics.ORDER_EVENTS)
@DirtiesContext
class ConfirmDispatcherIT {

    static final String SECRET_KEY = "test_sk_dispatcher_it";
    private static final long AMOUNT = 15_000;

    /** A database of its own: other test classes may run a whole worker, whose dispatcher would take our jobs. */
    private static final String JDBC_URL = freshDatabase("pg_confirm_it");

    private static final TossPgStub pg = TossPgStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("payments.pg.base-url", pg::baseUrl);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(InfrastructureSlice.class)
    // the pg package's beans only: not the test configurations that live in the same package
    @ComponentScan(
            basePackageClasses = ConfirmDispatcher.class,
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    @EnableConfigurationProperties(PgProperties.class)
    static class PgSlice {}

    @Autowired
    ConfirmationRequests requests;

    @Autowired
    ConfirmDispatcher dispatcher;

    @Autowired
    ConfirmJobs jobs;

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

    @Autowired
    MeterRegistry meters;

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
    void approvedConfirmIsPublishedOnceAsConfirmationAndTheJobIsDone() {
        String orderId = newOrderId("approved");
        pg.approve(orderId);

        requestCommitted(orderId);

        // nothing polls within the hour: only the wake-up after commit can have started this confirm
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(orderId + ":confirmation");
            assertThat(event.type()).isEqualTo("payment.pg.confirmation");
            assertThat(event.source()).isEqualTo("/worker");
            assertThat(event.subject()).isEqualTo(orderId);
            assertThat(event.data().approved()).isTrue();
            assertThat(event.data().paymentKey()).isEqualTo(paymentKeyOf(orderId));
            assertThat(event.data().approvedAt()).isAtSameInstantAs(OffsetDateTime.parse(TossPgStub.APPROVED_AT));
            assertThat(event.data().code()).isNull();
        });
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "APPROVED", 1, "confirm-" + orderId));
        assertThat(pg.confirmRequests(orderId)).isOne();
        assertThat(pg.authorizationHeaders(orderId)).containsExactly(TossPaymentsClient.basicAuthorization(SECRET_KEY));
    }

    @Test
    void requestRolledBackWithTheCallersJpaTransactionLeavesNoJobAndNeverReachesThePg() {
        assertThat(transactionManager).as("as in the worker").isInstanceOf(JpaTransactionManager.class);
        String orderId = newOrderId("rolled-back");
        pg.approve(orderId);

        tx.executeWithoutResult(status -> {
            requests.enqueue(orderId, paymentKeyOf(orderId), AMOUNT);
            status.setRollbackOnly();
        });
        dispatcher.wake();

        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(orderId) == 0);
        assertThat(findJob(orderId)).isEmpty();
    }

    @Test
    void aSecondRequestForTheSameOrderAddsNoJobAndNoConfirm() {
        String orderId = newOrderId("twice");
        pg.approve(orderId);
        requestCommitted(orderId);
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));

        requestCommitted(orderId);
        dispatcher.wake();

        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(orderId) == 1);
        assertThat(job(orderId).state()).isEqualTo("DONE");
        assertThat(confirmations(orderId)).hasSize(1);
    }

    @Test
    void requestsOfOneTransactionAreWrittenAtItsCommitInTheOrderTheyWereMade() {
        String kept = newOrderId("batch-kept");
        String withdrawn = newOrderId("batch-withdrawn");
        pg.approve(kept);
        pg.approve(withdrawn);

        // as in one poll batch: two orders reach SUCCESS, then one of them ends another way
        tx.executeWithoutResult(status -> {
            requests.enqueue(kept, paymentKeyOf(kept), AMOUNT);
            requests.enqueue(withdrawn, paymentKeyOf(withdrawn), AMOUNT);
            requests.withdraw(withdrawn);
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(kept));
        assertThat(job(withdrawn)).isEqualTo(new JobRow("DONE", "WITHDRAWN", 0, "confirm-" + withdrawn));
        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(withdrawn) == 0);
        assertThat(pg.confirmRequests(kept)).isOne();
        assertThat(confirmations(withdrawn)).isEmpty();
    }

    @Test
    void aRequestOutsideATransactionIsRefusedAndWritesNothing() {
        String orderId = newOrderId("no-transaction");

        assertThatThrownBy(() -> requests.enqueue(orderId, paymentKeyOf(orderId), AMOUNT))
                .isInstanceOf(IllegalStateException.class);

        assertThat(findJob(orderId)).isEmpty();
    }

    @Test
    void rejectedConfirmIsPublishedAsRejectionWithThePgCode() {
        String orderId = newOrderId("rejected");
        pg.reject(orderId, 403, "REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족");

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(orderId + ":confirmation");
            assertThat(event.data().approved()).isFalse();
            assertThat(event.data().code()).isEqualTo("REJECT_CARD_PAYMENT");
            assertThat(event.data().message()).isEqualTo("한도초과 혹은 잔액부족");
            assertThat(event.data().approvedAt()).isNull();
        });
        assertThat(job(orderId).outcome()).isEqualTo("REJECTED");
        assertThat(pg.confirmRequests(orderId)).isOne();
    }

    @Test
    void serverErrorsAreRetriedUnderTheSameIdempotencyKeyUntilApproved() {
        String orderId = newOrderId("flaky");
        pg.failThenApprove(orderId, 2);

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(10)).until(() -> isDone(orderId));
        assertThat(pg.idempotencyKeys(orderId)).hasSize(3).containsOnly("confirm-" + orderId);
        assertThat(confirmations(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().approved()).isTrue());
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "APPROVED", 3, "confirm-" + orderId));
    }

    @Test
    void alreadyProcessedPaymentIsLookedUpAndItsDoneStatusApproves() {
        String orderId = newOrderId("already");
        pg.alreadyProcessed(orderId, paymentKeyOf(orderId), AMOUNT);

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().approved()).isTrue());
        assertThat(pg.confirmRequests(orderId)).isOne();
        assertThat(pg.lookupsByKey(paymentKeyOf(orderId))).isOne();
    }

    @Test
    void alreadyProcessedPaymentThatWasAbortedIsRejectedWithItsStatus() {
        String orderId = newOrderId("aborted");
        pg.answerConfirm(orderId, 400, TossPgStub.error("ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다."));
        pg.paymentByKey(paymentKeyOf(orderId), orderId, AMOUNT, "ABORTED");

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.data().approved()).isFalse();
            assertThat(event.data().code()).isEqualTo("ABORTED");
        });
    }

    @Test
    void repeatedTransientAnswersAreReconciledByLookingThePaymentUpByOrderId() {
        String orderId = newOrderId("reconciled");
        pg.answerConfirm(orderId, 500, TossPgStub.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 오류"));
        pg.paymentByOrderId(orderId, paymentKeyOf(orderId), AMOUNT, "DONE");

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(10)).until(() -> isDone(orderId));
        // lookupAfterAttempts = 3: two plain retries, then the third transient answer triggers the look-up
        assertThat(pg.confirmRequests(orderId)).isEqualTo(3);
        assertThat(pg.lookupsByOrderId(orderId)).isOne();
        assertThat(confirmations(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().approved()).isTrue());
    }

    @Test
    void jobPastTheConfirmWindowStaysPendingAtTheLongestBackoffAndIsCounted() {
        String orderId = newOrderId("overdue");
        pg.idempotentRequestProcessing(orderId);
        double overdueBefore = meters.counter("payments.pg.confirm.overdue").count();
        // an instance of its own, so that no retry of this job stays scheduled in the context's dispatcher
        ConfirmDispatcher instance = dispatcher(
                kafkaTemplate,
                meters,
                "confirm.poll-interval",
                "20ms",
                "confirm.initial-backoff",
                "100ms",
                "confirm.max-backoff",
                "400ms");
        jdbc.sql("""
                        INSERT INTO pg_confirmations (order_id, payment_key, amount, idempotency_key, state, attempts,
                                                      next_attempt_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, 'PENDING', 0, now(), now() - interval '11 minutes', now())""")
                .params(orderId, paymentKeyOf(orderId), AMOUNT, "confirm-" + orderId)
                .update();

        instance.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> pg.confirmRequests(orderId) >= 2);
        assertThat(meters.counter("payments.pg.confirm.overdue").count()).isGreaterThan(overdueBefore);
        assertThat(pg.idempotencyKeys(orderId)).containsOnly("confirm-" + orderId);
        // max-backoff is 400ms: past the window every delay is 200..400ms, where a first regular one is <= 100ms
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(rescheduledDelay(orderId)).hasValueSatisfying(delay -> assertThat(delay)
                        .isBetween(Duration.ofMillis(200), Duration.ofMillis(400))));
        instance.stop();
        assertThat(job(orderId).state()).isEqualTo("PENDING");
        assertThat(confirmations(orderId)).isEmpty();
        jdbc.sql("DELETE FROM pg_confirmations WHERE order_id = ?")
                .param(orderId)
                .update();
    }

    @Test
    void slowPgAnswerForOneOrderDoesNotDelayAnotherOrder() {
        String slowOrder = newOrderId("slow");
        String fastOrder = newOrderId("fast");
        pg.approveAfter(slowOrder, Duration.ofSeconds(10));
        pg.approve(fastOrder);

        requestCommitted(slowOrder);
        await().atMost(Duration.ofSeconds(5)).until(() -> pg.confirmRequests(slowOrder) == 1);
        requestCommitted(fastOrder);

        await().atMost(Duration.ofSeconds(3)).until(() -> isDone(fastOrder));
        assertThat(confirmations(fastOrder)).hasSize(1);
        assertThat(job(slowOrder).state())
                .as("the slow confirm is still waiting for the PG")
                .isEqualTo("PENDING");
        assertThat(confirmations(slowOrder)).isEmpty();

        await().atMost(Duration.ofSeconds(20)).until(() -> isDone(slowOrder));
        assertThat(confirmations(slowOrder))
                .singleElement()
                .satisfies(event -> assertThat(event.data().approved()).isTrue());
        assertThat(pg.confirmRequests(slowOrder)).isOne();
    }

    @Test
    void twoInstancesOnOneTableConfirmEachJobOnce() {
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        ConfirmDispatcher second = dispatcher(
                kafkaTemplate, secondMeters, "confirm.poll-interval", "20ms", "confirm.max-concurrency", "4");
        double approvedHereBefore = approvedCount(meters);
        List<String> orderIds =
                IntStream.range(0, 40).mapToObj(i -> newOrderId("pair-" + i)).toList();
        orderIds.forEach(orderId -> pg.approveAfter(orderId, Duration.ofMillis(100)));
        second.start();

        tx.executeWithoutResult(
                status -> orderIds.forEach(orderId -> requests.enqueue(orderId, paymentKeyOf(orderId), AMOUNT)));

        await().atMost(Duration.ofSeconds(30)).until(() -> orderIds.stream().allMatch(this::isDone));
        Map<String, Long> published = KafkaRecords.readAll(kafka.getBrokersAsString(), Topics.ORDER_EVENTS).stream()
                .filter(record -> orderIds.contains(record.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(orderIds).allSatisfy(orderId -> {
            assertThat(pg.confirmRequests(orderId))
                    .as("confirms of %s", orderId)
                    .isOne();
            assertThat(published.get(orderId))
                    .as("confirmations of %s", orderId)
                    .isOne();
        });
        assertThat(approvedCount(meters) - approvedHereBefore)
                .as("jobs this instance confirmed")
                .isPositive();
        assertThat(approvedCount(secondMeters))
                .as("jobs the other instance confirmed")
                .isPositive();
    }

    @Test
    void crashAfterThePgApprovedRetriesUnderTheSameIdempotencyKeyOnceTheLeaseRunsOut() throws IOException {
        String orderId = newOrderId("crash");
        // Toss replays the stored answer of an Idempotency-Key: the retry is approved again, never approved twice
        pg.approve(orderId);
        // the doomed instance reaches the PG, then cannot reach the broker: it hangs publishing, as if dead
        ConfirmDispatcher doomed = dispatcher(
                unreachableKafka(),
                new SimpleMeterRegistry(),
                "confirm.poll-interval",
                "20ms",
                "confirm.lease",
                "1s",
                "confirm.max-concurrency",
                "1",
                "confirm.shutdown-grace",
                "0s");
        doomed.start();

        jobs.insert(List.of(new ConfirmJobs.NewJob(orderId, paymentKeyOf(orderId), AMOUNT)));
        await().atMost(Duration.ofSeconds(5)).until(() -> pg.confirmRequests(orderId) == 1);
        assertThat(job(orderId).state()).isEqualTo("PENDING");

        ConfirmDispatcher survivor =
                dispatcher(kafkaTemplate, new SimpleMeterRegistry(), "confirm.poll-interval", "50ms");
        survivor.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> isDone(orderId));
        assertThat(pg.idempotencyKeys(orderId)).hasSize(2).containsOnly("confirm-" + orderId);
        assertThat(confirmations(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().approved()).isTrue());
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "APPROVED", 2, "confirm-" + orderId));

        // the doomed instance wakes up at last (here: shut down); it must not undo or redo anything
        doomed.stop();
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "APPROVED", 2, "confirm-" + orderId));
        assertThat(pg.confirmRequests(orderId)).isEqualTo(2);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static String freshDatabase(String name) {
        JdbcClient admin = JdbcClient.create(EmbeddedPostgres.dataSource());
        admin.sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").update();
        admin.sql("CREATE DATABASE " + name).update();
        return EmbeddedPostgres.server().getJdbcUrl("postgres", name);
    }

    private static String newOrderId(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static String paymentKeyOf(String orderId) {
        return "tgen_" + orderId.replace("-", "");
    }

    private void requestCommitted(String orderId) {
        tx.executeWithoutResult(status -> requests.enqueue(orderId, paymentKeyOf(orderId), AMOUNT));
    }

    /** Another worker instance on the same table and broker, with its own settings below {@code payments.pg}. */
    private ConfirmDispatcher dispatcher(
            KafkaTemplate<String, byte[]> kafkaTemplate, MeterRegistry registry, String... settings) {
        String[] all = Stream.concat(Stream.of("secret-key", SECRET_KEY), Stream.of(settings))
                .toArray(String[]::new);
        PgProperties properties = PgPropertiesFixture.bind(pg.baseUrl(), all);
        TossPaymentsClient client = new TossPaymentsClient(properties, json, registry);
        ConfirmDispatcher instance = new ConfirmDispatcher(
                jobs,
                client,
                new ConfirmationPublisher(kafkaTemplate, writer, Clock.systemUTC(), properties),
                properties,
                registry);
        cleanUp.add(client::destroy);
        cleanUp.add(instance::stop);
        return instance;
    }

    private KafkaTemplate<String, byte[]> unreachableKafka() {
        DefaultKafkaProducerFactory<String, byte[]> factory = UnreachableKafka.producerFactory(Duration.ofSeconds(60));
        cleanUp.add(factory::destroy);
        return new KafkaTemplate<>(factory);
    }

    private static double approvedCount(MeterRegistry registry) {
        return registry.counter("payments.pg.confirm.outcomes", "outcome", "approved")
                .count();
    }

    private List<Envelope> confirmations(String orderId) {
        return KafkaRecords.readAll(kafka.getBrokersAsString(), Topics.ORDER_EVENTS, orderId).stream()
                .map(record -> json.readValue(record.value(), Envelope.class))
                .toList();
    }

    private boolean isDone(String orderId) {
        return findJob(orderId).map(job -> job.state().equals("DONE")).orElse(false);
    }

    private JobRow job(String orderId) {
        return findJob(orderId).orElseThrow(() -> new AssertionError("no confirm job for " + orderId));
    }

    private Optional<JobRow> findJob(String orderId) {
        return jdbc.sql("SELECT state, outcome, attempts, idempotency_key FROM pg_confirmations WHERE order_id = ?")
                .param(orderId)
                .query((rs, row) -> new JobRow(
                        rs.getString("state"),
                        rs.getString("outcome"),
                        rs.getInt("attempts"),
                        rs.getString("idempotency_key")))
                .optional();
    }

    /** The delay the last reschedule set, if the job is rescheduled now (both columns are set with one now()). */
    private Optional<Duration> rescheduledDelay(String orderId) {
        return jdbc.sql("""
                        SELECT (extract(epoch FROM next_attempt_at - updated_at) * 1000)::bigint
                          FROM pg_confirmations
                         WHERE order_id = ? AND lease_until IS NULL AND attempts > 0""")
                .param(orderId)
                .query((rs, row) -> Duration.ofMillis(rs.getLong(1)))
                .optional();
    }

    record JobRow(String state, String outcome, int attempts, String idempotencyKey) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(String id, String source, String type, String subject, PgConfirmation data) {}
}
