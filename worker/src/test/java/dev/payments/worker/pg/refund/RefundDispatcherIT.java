package dev.payments.worker.pg.refund;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.payments.worker.pg.TestOrders.newOrderId;
import static dev.payments.worker.pg.TestOrders.paymentKeyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgRefund;
import dev.payments.schemas.RefundReceiveAccount;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.testsupport.pg.TossPgStub.Answer;
import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.OutboxFault;
import dev.payments.worker.pg.PgTestInfrastructure;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.pg.client.PgProperties;
import dev.payments.worker.pg.client.PgPropertiesFixture;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.testing.OutboxRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The refund dispatcher on a real PostgreSQL and a Toss-shaped PG over HTTP, in a Spring context of only the refund
 * package and what it needs. The outbox relay is off: the PG's answer is asserted as the outbox row the relay would
 * publish, committed with the job's DONE mark. Every test counts the cancels the PG received and their keys: at most
 * one cancel per refund is the point of the job.
 *
 * <p>The context's dispatcher polls only once an hour, so each of its cancels is started by the wake-up after the
 * requesting transaction commits, or by a retry it scheduled itself. Tests that need another read timeout or polling
 * (lease expiry) build further dispatchers by hand on the same table.
 */
@SpringBootTest(
        classes = RefundDispatcherIT.RefundSlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "payments.outbox.enabled=false",
            "payments.pg.secret-key=" + RefundDispatcherIT.SECRET_KEY,
            "payments.worker.event-key=event-key-of-the-refund-dispatcher-it-at-least-32-characters",
            // generous: on a loaded machine the stub itself can take over a second; timeout tests set their own
            "payments.pg.read-timeout=10s",
            "payments.pg.refund.poll-interval=1h",
            "payments.pg.refund.max-concurrency=4",
            "payments.pg.refund.initial-backoff=100ms",
            "payments.pg.refund.max-backoff=400ms",
            "payments.pg.refund.shutdown-grace=1s"
        })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class RefundDispatcherIT {

    static final String SECRET_KEY = "test_sk_refund_dispatcher_it";
    private static final long PAID = 15_000;
    private static final String REASON = "고객 변심";

    /** A database of its own: other test classes may run a whole worker, whose dispatcher would take our jobs. */
    private static final String JDBC_URL = TestDatabases.fresh("pg_refund_it");

    private static final TossPgStub pg = TossPgStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("payments.pg.base-url", pg::baseUrl);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(PgTestInfrastructure.class)
    @ComponentScan(
            basePackageClasses = RefundDispatcher.class,
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    static class RefundSlice {}

    @Autowired
    RefundRequests requests;

    @Autowired
    RefundJobs jobs;

    @Autowired
    Outbox outbox;

    @Autowired
    EventAuthenticator authenticator;

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

    // ---- definitive answers -----------------------------------------------------------------------------------------

    @Test
    void aCancelMadeIsWrittenOnceAsASignedSucceededPgRefundWithTheJobsDoneMark() {
        String orderId = newOrderId("full");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancel(paymentKey, ok(canceled(orderId, "CANCELED", 0, entry(PAID, "tx-full", 0))));

        requestCommitted(newJob(orderId, "r1", PAID));

        // nothing polls within the hour: only the wake-up after commit can have started this cancel
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId, "r1"));
        assertThat(OutboxRow.of(jdbc, orderId)).singleElement().satisfies(row -> {
            assertThat(row.topic()).isEqualTo(Topics.ORDER_EVENTS);
            assertThat(row.key()).isEqualTo(orderId);
            CloudEvent<PgRefund> event = row.event(json, PgRefund.class);
            assertThat(event.id()).isEqualTo(EventIds.pgRefund(orderId, "r1"));
            assertThat(event.type()).isEqualTo("payment.pg.refund");
            assertThat(event.source()).isEqualTo(EventSources.WORKER);
            assertThat(event.subject()).isEqualTo(orderId);
            assertThat(event.specversion()).isEqualTo(CloudEvent.SPEC_VERSION);
            assertThat(authenticator.authenticated(event, Instant.now()))
                    .as("signed with the worker's key")
                    .isTrue();
            PgRefund refund = event.data();
            assertThat(refund.orderId()).isEqualTo(orderId);
            assertThat(refund.refundId()).isEqualTo("r1");
            assertThat(refund.succeeded()).isTrue();
            assertThat(refund.transactionKey()).isEqualTo("tx-full");
            assertThat(refund.canceledAt()).isAtSameInstantAs(OffsetDateTime.parse(TossPgStub.CANCELED_AT));
            assertThat(refund.balanceAmount()).isZero();
            assertThat(refund.code()).isNull();
        });
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "SUCCEEDED", 1, key(orderId, "r1"), 1));
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r1"));
        pg.server()
                .verify(postRequestedFor(urlEqualTo("/v1/payments/" + paymentKey + "/cancel"))
                        .withRequestBody(
                                equalToJson("{\"cancelReason\":\"%s\",\"cancelAmount\":%d}".formatted(REASON, PAID))));
        assertThat(pg.lookupsByKey(paymentKey)).isZero();
    }

    @Test
    void aDepositedVirtualAccountsRefundSendsItsRefundAccountWhichTheRowHoldsOnlyUntilTheJobEnds(
            CapturedOutput output) {
        String orderId = newOrderId("va-refund");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancel(paymentKey, ok(canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-va", 10_000))));
        RefundReceiveAccount account = new RefundReceiveAccount("088", "98765432109876", "홍길동");

        // recorded without waking the dispatcher, which polls once an hour: the row is read before the cancel
        insertJob(new RefundRequests.NewJob(orderId, "r1", paymentKey, 5_000, REASON, account));
        assertThat(refundAccountColumns(orderId, "r1")).containsExactly("088", "98765432109876", "홍길동");
        requests.committed();

        PgRefund answer = answer(orderId, "r1");
        assertThat(answer.succeeded()).isTrue();
        pg.server()
                .verify(postRequestedFor(urlEqualTo("/v1/payments/" + paymentKey + "/cancel"))
                        .withRequestBody(equalToJson("""
                                {"cancelReason":"%s","cancelAmount":5000,
                                 "refundReceiveAccount":{"bank":"088","accountNumber":"98765432109876",
                                                         "holderName":"홍길동"}}""".formatted(REASON))));
        assertThat(refundAccountColumns(orderId, "r1"))
                .as("forgotten with the answer")
                .containsExactly(null, null, null);
        assertThat(output.getAll()).doesNotContain("98765432109876");
    }

    @Test
    void aPartialCancelIsJudgedByTheNewEntryOfCancelsAndTheBalanceAfterIt() {
        String orderId = newOrderId("partial");
        String paymentKey = paymentKeyOf(orderId);
        // an earlier refund of the same amount and reason is in cancels[] already: ours is the new, latest entry
        pg.answerCancel(
                paymentKey,
                ok(canceled(
                        orderId,
                        "PARTIAL_CANCELED",
                        5_000,
                        TossPgStub.cancelEntry(5_000, REASON, "2026-11-24T09:00:00+09:00", "tx-earlier", 10_000),
                        entry(5_000, "tx-new", 5_000))));

        requestCommitted(newJob(orderId, "r2", 5_000));

        PgRefund answer = answer(orderId, "r2");
        assertThat(answer.succeeded()).isTrue();
        assertThat(answer.transactionKey()).isEqualTo("tx-new");
        assertThat(answer.balanceAmount()).isEqualTo(5_000);
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r2"));
    }

    @Test
    void aDefinitiveRefusalIsWrittenAsAFailedPgRefundWithThePgsCode() {
        String orderId = newOrderId("refused");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancel(paymentKey, new Answer(403, TossPgStub.error("NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다.")));

        requestCommitted(newJob(orderId, "r1", 5_000));

        PgRefund answer = answer(orderId, "r1");
        assertThat(answer.succeeded()).isFalse();
        assertThat(answer.code()).isEqualTo("NOT_CANCELABLE_AMOUNT");
        assertThat(answer.message()).isEqualTo("취소 할 수 없는 금액 입니다.");
        assertThat(answer.transactionKey()).isNull();
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "FAILED", 1, key(orderId, "r1"), 1));
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r1"));
        assertThat(pg.lookupsByKey(paymentKey)).isZero();
    }

    @Test
    void alreadyCanceledPaymentWhoseCancelsHoldOursSucceeds() {
        String orderId = newOrderId("already-ours");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancel(paymentKey, alreadyCanceled());
        pg.answerPaymentByKey(paymentKey, canceled(orderId, "CANCELED", 0, entry(PAID, "tx-ours", 0)));

        requestCommitted(newJob(orderId, "r1", PAID));

        PgRefund answer = answer(orderId, "r1");
        assertThat(answer.succeeded()).isTrue();
        assertThat(answer.transactionKey()).isEqualTo("tx-ours");
        assertThat(answer.balanceAmount()).isZero();
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r1"));
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
    }

    @Test
    void alreadyCanceledPaymentWhoseCancelsHoldNoneOfOursFails() {
        String orderId = newOrderId("already-other");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancel(paymentKey, alreadyCanceled());
        // cancelled in the PG's console, for another reason
        pg.answerPaymentByKey(
                paymentKey,
                canceled(
                        orderId,
                        "CANCELED",
                        0,
                        TossPgStub.cancelEntry(PAID, "관리자 취소", TossPgStub.CANCELED_AT, "tx-console", 0)));

        requestCommitted(newJob(orderId, "r1", PAID));

        PgRefund answer = answer(orderId, "r1");
        assertThat(answer.succeeded()).isFalse();
        assertThat(answer.code()).isEqualTo("ALREADY_CANCELED_PAYMENT");
        assertThat(job(orderId, "r1").outcome()).isEqualTo("FAILED");
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r1"));
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
    }

    @Test
    void aPaymentOfAnotherOrderInTheAnswerFailsAsAnAnswerMismatch() {
        String orderId = newOrderId("mismatch");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancel(
                paymentKey,
                ok(TossPgStub.canceledPayment(
                        newOrderId("owner"), paymentKey, PAID, "CANCELED", 0, entry(PAID, "tx-x", 0))));

        requestCommitted(newJob(orderId, "r1", PAID));

        PgRefund answer = answer(orderId, "r1");
        assertThat(answer.succeeded()).isFalse();
        assertThat(answer.code()).isEqualTo("PG_ANSWER_MISMATCH");
        assertThat(answer.message()).contains("orderId");
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r1"));
    }

    // ---- "come back later" and unknown outcomes ---------------------------------------------------------------------

    @Test
    void consecutiveCancelIsRetriedUnderANewKeyAfterAtLeastASecondAndThenSucceeds() {
        String orderId = newOrderId("consecutive");
        String paymentKey = paymentKeyOf(orderId);
        // the PG refused the first key's cancel and replays that to the key; another key's cancel is made
        pg.answerCancelUnderKey(
                paymentKey,
                key(orderId, "r1"),
                new Answer(403, TossPgStub.error("FORBIDDEN_CONSECUTIVE_REQUEST", "반복적인 요청은 허용되지 않습니다.")));
        pg.answerCancel(paymentKey, ok(canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-1", 10_000))));

        requestCommitted(newJob(orderId, "r1", 5_000));

        PgRefund answer = answer(orderId, "r1");
        List<LoggedRequest> cancels = cancelRequests(paymentKey);
        assertThat(cancels)
                .extracting(request -> request.getHeader("Idempotency-Key"))
                .containsExactly(key(orderId, "r1"), key(orderId, "r1") + ".2")
                .doesNotHaveDuplicates();
        assertThat(Duration.between(
                        cancels.get(0).getLoggedDate().toInstant(),
                        cancels.get(1).getLoggedDate().toInstant()))
                .as("the PG asked for a second between two cancels of a payment")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(answer.succeeded()).isTrue();
        assertThat(answer.transactionKey()).isEqualTo("tx-1");
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "SUCCEEDED", 2, key(orderId, "r1") + ".2", 2));
        assertThat(pg.lookupsByKey(paymentKey)).isZero();
    }

    @Test
    void aTimedOutCancelThatTheLookUpFindsSucceedsWithoutAnotherCancel() {
        String orderId = newOrderId("timeout-found");
        String paymentKey = paymentKeyOf(orderId);
        String made = canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-made", 10_000));
        pg.answerCancel(paymentKey, new Answer(200, made, Duration.ofSeconds(3)));
        pg.answerPaymentByKey(paymentKey, made);
        RefundDispatcher instance = dispatcher("read-timeout", "1s");

        insertJob(newJob(orderId, "r1", 5_000));
        instance.start();

        PgRefund answer = answer(orderId, "r1");
        assertThat(answer.succeeded()).isTrue();
        assertThat(answer.transactionKey()).isEqualTo("tx-made");
        assertThat(answer.balanceAmount()).isEqualTo(10_000);
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r1"));
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "SUCCEEDED", 1, key(orderId, "r1"), 1));
    }

    @Test
    void aTimedOutCancelThatTheLookUpDoesNotFindIsRetriedUnderTheSameKey() {
        String orderId = newOrderId("timeout-none");
        String paymentKey = paymentKeyOf(orderId);
        String made = canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-late", 10_000));
        // the first cancel's answer comes too late; asked again under its key, the PG answers at once
        pg.answerCancelsInTurn(paymentKey, new Answer(200, made, Duration.ofSeconds(3)), ok(made));
        pg.paymentByKey(paymentKey, orderId, PAID, "DONE");
        RefundDispatcher instance = dispatcher("read-timeout", "1s");

        insertJob(newJob(orderId, "r1", 5_000));
        instance.start();

        PgRefund answer = answer(orderId, "r1");
        List<String> keys = pg.cancelIdempotencyKeys(paymentKey);
        assertThat(keys).hasSize(2).containsOnly(key(orderId, "r1"));
        assertThat(keys.get(1)).as("never a new key for an unknown outcome").isEqualTo(keys.get(0));
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(answer.transactionKey()).isEqualTo("tx-late");
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "SUCCEEDED", 2, key(orderId, "r1"), 1));
    }

    @Test
    void aKeyUnderWhichAnAttemptTimedOutIsKeptThoughTheNextAnswerSaysNothingWasCancelled() {
        String orderId = newOrderId("in-doubt");
        String paymentKey = paymentKeyOf(orderId);
        String made = canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-first", 10_000));
        // the first request is still running at the PG when the second, under its key, gets the PG's own error
        pg.answerCancelsInTurn(
                paymentKey,
                new Answer(200, made, Duration.ofSeconds(3)),
                new Answer(500, TossPgStub.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 시스템 처리 작업이 실패했습니다.")),
                ok(made));
        pg.paymentByKey(paymentKey, orderId, PAID, "DONE");
        RefundDispatcher instance = dispatcher("read-timeout", "1s");

        insertJob(newJob(orderId, "r1", 5_000));
        instance.start();

        PgRefund answer = answer(orderId, "r1");
        assertThat(pg.cancelIdempotencyKeys(paymentKey))
                .as("a new key could cancel a second time beside the request still running")
                .hasSize(3)
                .containsOnly(key(orderId, "r1"));
        assertThat(answer.transactionKey()).isEqualTo("tx-first");
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "SUCCEEDED", 3, key(orderId, "r1"), 1));
    }

    @Test
    void serverErrorsWithThePgsCodeMoveToTheNextKeyOnlyOnceTheLookUpShowsNoCancel() {
        String orderId = newOrderId("flaky");
        String paymentKey = paymentKeyOf(orderId);
        // the PG answered with its own code, so it finished the request and may replay that answer under the key
        Answer serverError =
                new Answer(500, TossPgStub.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 시스템 처리 작업이 실패했습니다."));
        pg.answerCancelsInTurn(
                paymentKey,
                serverError,
                serverError,
                ok(canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-3", 10_000))));
        pg.paymentByKey(paymentKey, orderId, PAID, "DONE");

        requestCommitted(newJob(orderId, "r1", 5_000));

        PgRefund answer = answer(orderId, "r1");
        assertThat(pg.cancelIdempotencyKeys(paymentKey))
                .containsExactly(key(orderId, "r1"), key(orderId, "r1") + ".2", key(orderId, "r1") + ".3");
        assertThat(pg.lookupsByKey(paymentKey))
                .as("each unknown outcome looked up before its key is left")
                .isEqualTo(2);
        assertThat(answer.transactionKey()).isEqualTo("tx-3");
    }

    @Test
    void answersWithoutThePgsCodeAreRetriedUnderTheSameKeyUntilTheCancelIsMade() {
        String orderId = newOrderId("proxy");
        String paymentKey = paymentKeyOf(orderId);
        // a proxy's answer, not the PG's: the PG may still be working on the request, so the key is kept
        Answer unavailable = new Answer(503, "<html>Service Unavailable</html>");
        pg.answerCancelsInTurn(
                paymentKey,
                unavailable,
                unavailable,
                ok(canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-3", 10_000))));
        pg.paymentByKey(paymentKey, orderId, PAID, "DONE");

        requestCommitted(newJob(orderId, "r1", 5_000));

        PgRefund answer = answer(orderId, "r1");
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).hasSize(3).containsOnly(key(orderId, "r1"));
        assertThat(pg.lookupsByKey(paymentKey))
                .as("each unknown outcome looked up")
                .isEqualTo(2);
        assertThat(answer.transactionKey()).isEqualTo("tx-3");
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "SUCCEEDED", 3, key(orderId, "r1"), 1));
    }

    @Test
    void aProviderErrorTheLookUpProvesCancelledNothingIsRetriedUnderANewKey() {
        String orderId = newOrderId("provider");
        String paymentKey = paymentKeyOf(orderId);
        // a 4xx the PG stores and replays under its key: the same key would get it forever
        pg.answerCancelUnderKey(
                paymentKey,
                key(orderId, "r1"),
                new Answer(400, TossPgStub.error("PROVIDER_ERROR", "일시적인 오류가 발생했습니다.")));
        pg.answerCancel(paymentKey, ok(canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-2", 10_000))));
        pg.paymentByKey(paymentKey, orderId, PAID, "DONE");

        requestCommitted(newJob(orderId, "r1", 5_000));

        PgRefund answer = answer(orderId, "r1");
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r1"), key(orderId, "r1") + ".2");
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(answer.transactionKey()).isEqualTo("tx-2");
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "SUCCEEDED", 2, key(orderId, "r1") + ".2", 2));
    }

    @Test
    void anotherRefundsEqualCancelIsNeverTakenForOurs() {
        String orderId = newOrderId("sibling");
        String paymentKey = paymentKeyOf(orderId);
        // refund r1 of the same amount and reason already succeeded, with its own transactionKey
        insertSucceededRefund(orderId, "r1", 5_000, "tx-r1");
        String first = TossPgStub.cancelEntry(5_000, REASON, "2026-11-24T09:00:00+09:00", "tx-r1", 10_000);
        pg.answerCancelsInTurn(
                paymentKey,
                new Answer(503, "<html>Service Unavailable</html>"),
                ok(canceled(orderId, "PARTIAL_CANCELED", 5_000, first, entry(5_000, "tx-r2", 5_000))));
        pg.answerPaymentByKey(paymentKey, canceled(orderId, "PARTIAL_CANCELED", 10_000, first));

        requestCommitted(newJob(orderId, "r2", 5_000));

        PgRefund answer = answer(orderId, "r2");
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).hasSize(2).containsOnly(key(orderId, "r2"));
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(answer.transactionKey()).isEqualTo("tx-r2");
    }

    @Test
    void whileATwinRefundIsInFlightALookUpNeverSettlesOursOnlyThePgsAnswerToOurKeyDoes() {
        String orderId = newOrderId("twin");
        String paymentKey = paymentKeyOf(orderId);
        // r1, same amount and reason, is still REQUESTED: its cancel is in cancels[], its answer not recorded yet
        insertRefund(orderId, "r1", 5_000, "REQUESTED", null);
        String twins = TossPgStub.cancelEntry(5_000, REASON, "2026-11-24T09:00:00+09:00", "tx-r1", 10_000);
        pg.answerCancelsInTurn(
                paymentKey,
                new Answer(503, "<html>Service Unavailable</html>"),
                ok(canceled(orderId, "PARTIAL_CANCELED", 5_000, twins, entry(5_000, "tx-r2", 5_000))));
        pg.answerPaymentByKey(paymentKey, canceled(orderId, "PARTIAL_CANCELED", 10_000, twins));

        requestCommitted(newJob(orderId, "r2", 5_000));

        PgRefund answer = answer(orderId, "r2");
        assertThat(pg.lookupsByKey(paymentKey))
                .as("a look-up could only mislead")
                .isZero();
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).hasSize(2).containsOnly(key(orderId, "r2"));
        assertThat(answer.transactionKey()).isEqualTo("tx-r2");
    }

    @Test
    void aLookUpThatFailsLeavesTheCancelToBeAskedAgainUnderTheSameKey() {
        String orderId = newOrderId("lookup-fails");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancelsInTurn(
                paymentKey,
                new Answer(503, "<html>Service Unavailable</html>"),
                ok(canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-1", 10_000))));
        pg.server()
                .stubFor(get(urlEqualTo("/v1/payments/" + paymentKey))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(500)
                                .withHeader("Content-Type", "application/json")
                                .withBody(TossPgStub.error("COMMON_ERROR", "일시적인 오류가 발생했습니다."))));

        requestCommitted(newJob(orderId, "r1", 5_000));

        PgRefund answer = answer(orderId, "r1");
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).hasSize(2).containsOnly(key(orderId, "r1"));
        assertThat(pg.lookupsByKey(paymentKey)).isOne();
        assertThat(answer.succeeded()).isTrue();
    }

    // ---- requests and jobs ------------------------------------------------------------------------------------------

    @Test
    void twoRefundsOfOneOrderAreTwoJobsEachCancelledOnceUnderItsOwnKey() {
        String orderId = newOrderId("two");
        String paymentKey = paymentKeyOf(orderId);
        String first = entry(3_000, "tx-a", 12_000);
        pg.answerCancelUnderKey(
                paymentKey, key(orderId, "a"), ok(canceled(orderId, "PARTIAL_CANCELED", 12_000, first)));
        pg.answerCancelUnderKey(
                paymentKey,
                key(orderId, "b"),
                ok(canceled(orderId, "PARTIAL_CANCELED", 8_000, first, entry(4_000, "tx-b", 8_000))));

        int created = tx.execute(
                status -> requests.enqueue(List.of(newJob(orderId, "a", 3_000), newJob(orderId, "b", 4_000))));
        requests.committed();

        assertThat(created).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId, "a") && isDone(orderId, "b"));
        assertThat(pg.cancelIdempotencyKeys(paymentKey))
                .containsExactlyInAnyOrder(key(orderId, "a"), key(orderId, "b"));
        assertThat(refunds(orderId))
                .extracting(CloudEvent::id, event -> event.data().transactionKey())
                .containsExactlyInAnyOrder(
                        tuple(EventIds.pgRefund(orderId, "a"), "tx-a"), tuple(EventIds.pgRefund(orderId, "b"), "tx-b"));
    }

    @Test
    void aSecondRequestForTheSameRefundAddsNoJobAndNoCancel() {
        String orderId = newOrderId("twice");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancel(paymentKey, ok(canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-1", 10_000))));
        assertThat(requestCommitted(newJob(orderId, "r1", 5_000))).isOne();
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId, "r1"));

        assertThat(requestCommitted(newJob(orderId, "r1", 5_000))).isZero();

        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.cancelRequests(paymentKey) == 1);
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).containsExactly(key(orderId, "r1"));
        assertThat(OutboxRow.of(jdbc, orderId)).hasSize(1);
    }

    @Test
    void aRequestRolledBackWithTheCallersTransactionLeavesNoJobAndNeverReachesThePg() {
        String orderId = newOrderId("rolled-back");
        String paymentKey = paymentKeyOf(orderId);
        pg.answerCancel(paymentKey, ok(canceled(orderId, "CANCELED", 0, entry(PAID, "tx", 0))));

        tx.executeWithoutResult(status -> {
            requests.enqueue(List.of(newJob(orderId, "r1", PAID)));
            status.setRollbackOnly();
        });
        requests.committed();

        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.cancelRequests(paymentKey) == 0);
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).isEmpty();
        assertThat(findJob(orderId, "r1")).isEmpty();
    }

    @Test
    void requestsOutsideATransactionAreRefusedAndWriteNothing() {
        String orderId = newOrderId("no-transaction");

        assertThatThrownBy(() -> requests.enqueue(List.of(newJob(orderId, "r1", PAID))))
                .isInstanceOf(IllegalTransactionStateException.class);

        assertThat(findJob(orderId, "r1")).isEmpty();
        assertThat(pg.cancelIdempotencyKeys(paymentKeyOf(orderId))).isEmpty();
    }

    // ---- crash safety -----------------------------------------------------------------------------------------------

    @Test
    void aJobWhoseLeaseRanOutIsRedoneUnderTheSameKey() {
        String orderId = newOrderId("crash");
        String paymentKey = paymentKeyOf(orderId);
        // Toss replays the stored answer of an Idempotency-Key: the redo gets the same cancel, never a second one
        pg.answerCancel(paymentKey, ok(canceled(orderId, "PARTIAL_CANCELED", 10_000, entry(5_000, "tx-1", 10_000))));
        RefundDispatcher doomed = dispatcher("refund.poll-interval", "20ms", "refund.lease", "1s");
        // the doomed instance reaches the PG, then its record of the answer is lost, as if it died before the commit
        try (OutboxFault fault = OutboxFault.refuseRowsOf(jdbc, orderId)) {
            doomed.start();
            insertJob(newJob(orderId, "r1", 5_000));
            await().atMost(Duration.ofSeconds(5)).until(() -> pg.cancelRequests(paymentKey) == 1);
            // writes what it still holds, which the database refuses
            doomed.stop();
        }
        assertThat(job(orderId, "r1").state()).isEqualTo("PENDING");
        assertThat(OutboxRow.of(jdbc, orderId)).isEmpty();

        RefundDispatcher survivor = dispatcher("refund.poll-interval", "50ms");
        survivor.start();

        PgRefund answer = answer(orderId, "r1");
        assertThat(pg.cancelIdempotencyKeys(paymentKey)).hasSize(2).containsOnly(key(orderId, "r1"));
        assertThat(answer.transactionKey()).isEqualTo("tx-1");
        assertThat(job(orderId, "r1")).isEqualTo(new JobRow("DONE", "SUCCEEDED", 2, key(orderId, "r1"), 1));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static RefundRequests.NewJob newJob(String orderId, String refundId, long amount) {
        return new RefundRequests.NewJob(orderId, refundId, paymentKeyOf(orderId), amount, REASON);
    }

    /** The Idempotency-Key of the refund's first generation, written out as the PG sees it. */
    private static String key(String orderId, String refundId) {
        return "refund-" + orderId + "-" + refundId;
    }

    private static Answer ok(String payment) {
        return new Answer(200, payment);
    }

    private static Answer alreadyCanceled() {
        return new Answer(400, TossPgStub.error("ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다."));
    }

    /** The order's payment of {@link #PAID} after {@code cancels}, {@code balance} left. */
    private static String canceled(String orderId, String status, long balance, String... cancels) {
        return TossPgStub.canceledPayment(orderId, paymentKeyOf(orderId), PAID, status, balance, cancels);
    }

    /** A cancels[] entry with the jobs' reason, made at {@link TossPgStub#CANCELED_AT}. */
    private static String entry(long amount, String transactionKey, long refundableAmount) {
        return TossPgStub.cancelEntry(amount, REASON, TossPgStub.CANCELED_AT, transactionKey, refundableAmount);
    }

    /** As the consumer does it: enqueued in a transaction, the dispatcher woken once it has committed. */
    private int requestCommitted(RefundRequests.NewJob newJob) {
        int created = tx.execute(status -> requests.enqueue(List.of(newJob)));
        requests.committed();
        return created;
    }

    /** A job due now, without waking the context's dispatcher: for the instances a test builds itself. */
    private void insertJob(RefundRequests.NewJob newJob) {
        tx.executeWithoutResult(status -> jobs.insert(List.of(newJob)));
    }

    /** Another worker instance on the same table and outbox, with its own settings below {@code payments.pg}. */
    private RefundDispatcher dispatcher(String... settings) {
        String[] all = Stream.concat(
                        Stream.of(
                                "secret-key",
                                SECRET_KEY,
                                "refund.poll-interval",
                                "50ms",
                                "refund.initial-backoff",
                                "100ms",
                                "refund.max-backoff",
                                "400ms"),
                        Stream.of(settings))
                .toArray(String[]::new);
        PgProperties properties = PgPropertiesFixture.bind(pg.baseUrl(), all);
        MeterRegistry registry = new SimpleMeterRegistry();
        TossPaymentsClient client = new TossPaymentsClient(properties, json, registry);
        RefundDispatcher instance =
                new RefundDispatcher(jobs, client, properties, outbox, tx, Clock.systemUTC(), registry);
        cleanUp.add(client::destroy);
        cleanUp.add(instance::stop);
        return instance;
    }

    /** The job's refund account columns: bank, number, holder. */
    private List<String> refundAccountColumns(String orderId, String refundId) {
        return jdbc.sql("""
                        SELECT refund_bank, refund_account_number, refund_holder_name
                          FROM pg_refunds WHERE job_key = ?""")
                .param(RefundJob.jobKeyOf(orderId, refundId))
                .query((rs, row) -> Arrays.asList(
                        rs.getString("refund_bank"),
                        rs.getString("refund_account_number"),
                        rs.getString("refund_holder_name")))
                .single();
    }

    /** Another refund of the order, already recorded SUCCEEDED by the consumer with the PG's transactionKey. */
    private void insertSucceededRefund(String orderId, String refundId, long amount, String transactionKey) {
        insertRefund(orderId, refundId, amount, "SUCCEEDED", transactionKey);
    }

    /** Another refund of the order as the consumer records it, with the reason of this class's jobs. */
    private void insertRefund(String orderId, String refundId, long amount, String status, String transactionKey) {
        jdbc.sql("""
                        INSERT INTO refunds (order_id, refund_id, status, amount, requested_amount, reason, initiator,
                                             payment_key, transaction_key, requested_at, completed_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'SHOP', ?, ?, now(), now(), now())""")
                .params(orderId, refundId, status, amount, amount, REASON, paymentKeyOf(orderId), transactionKey)
                .update();
    }

    private List<LoggedRequest> cancelRequests(String paymentKey) {
        return pg.server().findAll(postRequestedFor(urlEqualTo("/v1/payments/" + paymentKey + "/cancel")));
    }

    /** Waits for the refund's job to be done, then its one answer in the outbox: what the consumer will read. */
    private PgRefund answer(String orderId, String refundId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> isDone(orderId, refundId));
        List<CloudEvent<PgRefund>> answers = refunds(orderId);
        assertThat(answers)
                .extracting(CloudEvent::id)
                .as("one answer per refund")
                .containsExactly(EventIds.pgRefund(orderId, refundId));
        return answers.getFirst().data();
    }

    private List<CloudEvent<PgRefund>> refunds(String orderId) {
        return OutboxRow.of(jdbc, orderId).stream()
                .map(row -> row.event(json, PgRefund.class))
                .toList();
    }

    private boolean isDone(String orderId, String refundId) {
        return findJob(orderId, refundId).map(job -> job.state().equals("DONE")).orElse(false);
    }

    private JobRow job(String orderId, String refundId) {
        return findJob(orderId, refundId)
                .orElseThrow(() -> new AssertionError("no refund job for " + orderId + ":" + refundId));
    }

    private Optional<JobRow> findJob(String orderId, String refundId) {
        return jdbc.sql("""
                        SELECT state, outcome, attempts, idempotency_key, key_generation
                          FROM pg_refunds
                         WHERE job_key = ?""")
                .param(orderId + ":" + refundId)
                .query((rs, row) -> new JobRow(
                        rs.getString("state"),
                        rs.getString("outcome"),
                        rs.getInt("attempts"),
                        rs.getString("idempotency_key"),
                        rs.getInt("key_generation")))
                .optional();
    }

    record JobRow(String state, String outcome, int attempts, String idempotencyKey, int keyGeneration) {}
}
