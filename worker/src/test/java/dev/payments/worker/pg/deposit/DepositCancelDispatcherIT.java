package dev.payments.worker.pg.deposit;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.payments.worker.pg.TestOrders.newOrderId;
import static dev.payments.worker.pg.TestOrders.paymentKeyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.testsupport.pg.TossPgStub.Answer;
import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.pg.PgTestInfrastructure;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.testing.OutboxRow;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deposit-cancel dispatcher on a real PostgreSQL and a Toss-shaped PG over HTTP, in a Spring context of only the
 * deposit package and what it needs. The outbox relay is off: the PG's word is asserted as the outbox row the relay
 * would publish, committed with the job's DONE mark. The dispatcher polls only once an hour, so each job is started
 * by the wake-up after the requesting transaction commits, or by a retry it scheduled itself.
 */
@SpringBootTest(
        classes = DepositCancelDispatcherIT.DepositSlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "payments.outbox.enabled=false",
            "payments.pg.secret-key=test_sk_deposit_cancel_it",
            "payments.worker.event-key=event-key-of-the-deposit-cancel-it-at-least-32-characters",
            // generous: on a loaded machine the stub itself can take over a second
            "payments.pg.read-timeout=10s",
            "payments.pg.deposit-cancel.poll-interval=1h",
            "payments.pg.deposit-cancel.initial-backoff=100ms",
            "payments.pg.deposit-cancel.max-backoff=400ms",
            "payments.pg.deposit-cancel.review-after=3",
            "payments.pg.deposit-cancel.shutdown-grace=1s"
        })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DepositCancelDispatcherIT {

    private static final long AMOUNT = 50_000;

    /** A database of its own: other test classes may run a whole worker, whose dispatcher would take our jobs. */
    private static final String JDBC_URL = TestDatabases.fresh("pg_deposit_cancel_it");

    private static final TossPgStub pg = TossPgStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("payments.pg.base-url", pg::baseUrl);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(PgTestInfrastructure.class)
    @ComponentScan(
            basePackageClasses = DepositCancelDispatcher.class,
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    static class DepositSlice {}

    @Autowired
    DepositCancelRequests requests;

    @Autowired
    EventAuthenticator authenticator;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void stopPg() {
        pg.close();
    }

    @Test
    void aPaymentStillWaitingIsCancelledOnceInFullAndThePgsCanceledWordIsPublishedSigned() {
        String orderId = newOrderId("waiting");
        String paymentKey = paymentKeyOf(orderId);
        pg.virtualAccountUntilCancelled(orderId, paymentKey, AMOUNT);

        assertThat(requestCommitted(orderId)).isOne();

        await().atMost(Duration.ofSeconds(5)).until(() -> isFinished(orderId));
        assertThat(OutboxRow.of(jdbc, orderId)).singleElement().satisfies(row -> {
            assertThat(row.topic()).isEqualTo(Topics.ORDER_EVENTS);
            assertThat(row.key()).isEqualTo(orderId);
            CloudEvent<PgStatus> event = row.event(json, PgStatus.class);
            assertThat(event.id()).isEqualTo(EventIds.status(orderId, "deposit-expired"));
            assertThat(event.type()).isEqualTo("payment.pg.status");
            assertThat(event.source()).isEqualTo(EventSources.WORKER);
            assertThat(authenticator.authenticated(event, Instant.now()))
                    .as("signed with the worker's key")
                    .isTrue();
            PgStatus status = event.data();
            assertThat(status.verification()).isEqualTo(PgStatus.Verification.LOOKUP);
            assertThat(status.status()).isEqualTo("CANCELED");
            assertThat(status.paymentKey()).isEqualTo(paymentKey);
            assertThat(status.totalAmount()).isEqualTo(AMOUNT);
            assertThat(status.balanceAmount()).isZero();
            assertThat(status.method()).isEqualTo(TossPgStub.VIRTUAL_ACCOUNT);
        });
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "CANCELED", 1, key(orderId), 0));
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId));
        pg.server()
                .verify(postRequestedFor(urlEqualTo("/v1/payments/" + paymentKey + "/cancel"))
                        .withRequestBody(equalToJson("{\"cancelReason\":\"입금 기한 만료\"}"))
                        .withRequestBody(not(matchingJsonPath("$.cancelAmount"))));
        assertThat(pg.lookupsByOrderId(orderId)).isOne();
    }

    @Test
    void aPaymentDepositedBeforeTheDeadlineIsNeverCancelledAndItsDoneIsPublishedOnceForTheOrder() {
        String orderId = newOrderId("deposited");
        String paymentKey = paymentKeyOf(orderId);
        pg.virtualAccount(orderId, paymentKey, AMOUNT, "DONE", null);

        assertThat(requestCommitted(orderId)).isOne();

        await().atMost(Duration.ofSeconds(5)).until(() -> isFinished(orderId));
        assertThat(statuses(orderId)).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(EventIds.status(orderId, "deposit-deadline"));
            assertThat(event.data().status()).isEqualTo("DONE");
            assertThat(event.data().verification()).isEqualTo(PgStatus.Verification.LOOKUP);
            assertThat(event.data().totalAmount()).isEqualTo(AMOUNT);
        });
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "DONE", 1, key(orderId), 0));
        assertThat(requestCommitted(orderId)).as("one job per order, ever").isZero();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.cancelRequests(paymentKey) == 0 && pg.lookupsByOrderId(orderId) == 1);
    }

    @Test
    void transientAnswersAreRetriedAndAConsecutiveRequestRefusalMovesToTheNextKey() {
        String orderId = newOrderId("transient");
        String paymentKey = paymentKeyOf(orderId);
        pg.virtualAccount(orderId, paymentKey, AMOUNT, "WAITING_FOR_DEPOSIT", null);
        pg.answerCancelsInTurn(
                paymentKey,
                new Answer(409, TossPgStub.error("IDEMPOTENT_REQUEST_PROCESSING", "이전 멱등 요청이 처리중입니다.")),
                new Answer(403, TossPgStub.error("FORBIDDEN_CONSECUTIVE_REQUEST", "반복적인 요청은 허용되지 않습니다.")),
                new Answer(
                        200,
                        TossPgStub.virtualAccountPayment(
                                orderId, paymentKey, AMOUNT, "CANCELED", null, TossPgStub.VA_DUE_DATE)));

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(10)).until(() -> isFinished(orderId));
        assertThat(pg.cancelIdempotencyKeys(paymentKey))
                .as("409: the first request may still run, its key is kept; 403 is stored under it, so a new key")
                .containsExactly(key(orderId), key(orderId), key(orderId) + ".2");
        assertThat(statuses(orderId)).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(EventIds.status(orderId, "deposit-expired"));
            assertThat(event.data().status()).isEqualTo("CANCELED");
        });
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "CANCELED", 3, key(orderId) + ".2", 0));
    }

    @Test
    void aCancelRefusedWhileThePaymentStillWaitsGoesToReviewAfterItsAttemptsWithAnError(CapturedOutput output) {
        String orderId = newOrderId("refused");
        String paymentKey = paymentKeyOf(orderId);
        pg.virtualAccount(orderId, paymentKey, AMOUNT, "WAITING_FOR_DEPOSIT", TossPgStub.VA_SECRET);
        pg.answerCancel(paymentKey, new Answer(403, TossPgStub.error("NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.")));
        double reviewedBefore = reviewed();

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(10)).until(() -> job(orderId).state().equals("REVIEW"));
        assertThat(job(orderId)).isEqualTo(new JobRow("REVIEW", null, 3, key(orderId) + ".3", 3));
        assertThat(pg.cancelIdempotencyKeys(paymentKey))
                .as("the PG replays a refusal under its key: each retry under a new one")
                .containsExactly(key(orderId), key(orderId) + ".2", key(orderId) + ".3");
        assertThat(OutboxRow.of(jdbc, orderId))
                .as("nothing moves the order: the PG still waits")
                .isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> reviewed() - reviewedBefore == 1);
        assertThat(output.getAll())
                .contains("ERROR")
                .contains("Deposit cancel of order " + orderId + " goes to review")
                .contains("NOT_CANCELABLE_PAYMENT")
                .doesNotContain(TossPgStub.VA_SECRET)
                .doesNotContain(TossPgStub.VA_ACCOUNT_NUMBER);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.cancelRequests(paymentKey) == 3);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** The Idempotency-Key of the job's first generation, written out as the PG sees it. */
    private static String key(String orderId) {
        return "deposit-expired-" + orderId;
    }

    /** As the consumer does it: enqueued in a transaction, the dispatcher woken once it has committed. */
    private int requestCommitted(String orderId) {
        int created = tx.execute(
                status -> requests.enqueue(List.of(new DepositCancelRequests.NewJob(orderId, paymentKeyOf(orderId)))));
        requests.committed();
        return created;
    }

    private double reviewed() {
        return meters.counter("payments.pg.deposit-cancel.outcomes", "outcome", "review")
                .count();
    }

    private List<CloudEvent<PgStatus>> statuses(String orderId) {
        return OutboxRow.of(jdbc, orderId).stream()
                .map(row -> row.event(json, PgStatus.class))
                .toList();
    }

    private boolean isFinished(String orderId) {
        return findJob(orderId).map(job -> !job.state().equals("PENDING")).orElse(false);
    }

    private JobRow job(String orderId) {
        return findJob(orderId).orElseThrow(() -> new AssertionError("no deposit-cancel job for " + orderId));
    }

    private Optional<JobRow> findJob(String orderId) {
        return jdbc.sql("""
                        SELECT state, outcome, attempts, idempotency_key, refusals
                          FROM pg_deposit_cancels WHERE order_id = ?""")
                .param(orderId)
                .query((rs, row) -> new JobRow(
                        rs.getString("state"),
                        rs.getString("outcome"),
                        rs.getInt("attempts"),
                        rs.getString("idempotency_key"),
                        rs.getInt("refusals")))
                .optional();
    }

    record JobRow(String state, String outcome, int attempts, String idempotencyKey, int refusals) {}
}
