package dev.payments.worker.pg.confirm;

import static dev.payments.worker.pg.TestOrders.newOrderId;
import static dev.payments.worker.pg.TestOrders.paymentKeyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.Topics;
import dev.payments.schemas.VirtualAccount;
import dev.payments.testsupport.pg.TossPgStub;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The confirm dispatcher on a real PostgreSQL and a Toss-shaped PG over HTTP, in a Spring context of only the confirm
 * package and what it needs. The outbox relay is off: the PG's answer is asserted as the outbox row the relay would
 * publish, committed with the job's DONE mark.
 *
 * <p>The context's dispatcher polls only once an hour, so each of its confirms is started by the wake-up after the
 * requesting transaction commits, or by a retry it scheduled itself. Tests that need polling (other instances, lease
 * expiry) build further dispatchers by hand on the same table.
 */
@SpringBootTest(
        classes = ConfirmDispatcherIT.ConfirmSlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "payments.outbox.enabled=false",
            "payments.pg.secret-key=" + ConfirmDispatcherIT.SECRET_KEY,
            "payments.worker.event-key=event-key-of-the-confirm-dispatcher-it-at-least-32-characters",
            "payments.pg.status-check.enabled=false",
            "payments.pg.confirm.poll-interval=1h",
            "payments.pg.confirm.max-concurrency=4",
            "payments.pg.confirm.initial-backoff=100ms",
            "payments.pg.confirm.max-backoff=400ms",
            "payments.pg.confirm.shutdown-grace=1s"
        })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ConfirmDispatcherIT {

    static final String SECRET_KEY = "test_sk_dispatcher_it";
    private static final long AMOUNT = 15_000;

    /** A database of its own: other test classes may run a whole worker, whose dispatcher would take our jobs. */
    private static final String JDBC_URL = TestDatabases.fresh("pg_confirm_it");

    private static final TossPgStub pg = TossPgStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("payments.pg.base-url", pg::baseUrl);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(PgTestInfrastructure.class)
    @ComponentScan(
            basePackageClasses = ConfirmDispatcher.class,
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    static class ConfirmSlice {}

    @Autowired
    ConfirmRequests requests;

    @Autowired
    ConfirmJobs jobs;

    @Autowired
    Outbox outbox;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

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
    void approvedConfirmIsWrittenOnceAsConfirmationToTheOrdersPartitionWithTheJobsDoneMark() {
        String orderId = newOrderId("approved");
        pg.approve(orderId);

        requestCommitted(orderId);

        // nothing polls within the hour: only the wake-up after commit can have started this confirm
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(OutboxRow.of(jdbc, orderId)).singleElement().satisfies(row -> {
            assertThat(row.topic()).isEqualTo(Topics.ORDER_EVENTS);
            assertThat(row.key()).isEqualTo(orderId);
            CloudEvent<PgConfirmation> event = row.event(json, PgConfirmation.class);
            assertThat(event.id()).isEqualTo(EventIds.confirmation(orderId));
            assertThat(event.type()).isEqualTo("payment.pg.confirmation");
            assertThat(event.source()).isEqualTo(EventSources.WORKER);
            assertThat(event.subject()).isEqualTo(orderId);
            assertThat(event.specversion()).isEqualTo(CloudEvent.SPEC_VERSION);
            assertThat(event.data().approved()).isTrue();
            assertThat(event.data().paymentKey()).isEqualTo(paymentKeyOf(orderId));
            assertThat(event.data().approvedAt()).isAtSameInstantAs(OffsetDateTime.parse(TossPgStub.APPROVED_AT));
            assertThat(event.data().code()).isNull();
        });
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "APPROVED", 1, "confirm-" + orderId));
        assertThat(pg.confirmRequests(orderId)).isOne();
        assertThat(pg.authorizationHeaders(orderId))
                .containsExactly("Basic "
                        + Base64.getEncoder().encodeToString((SECRET_KEY + ":").getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(5)).until(() -> approvedCount(meters) >= 1);
    }

    @Test
    void requestRolledBackWithTheCallersTransactionLeavesNoJobAndNeverReachesThePg() {
        assertThat(transactionManager).as("as in the worker").isInstanceOf(JdbcTransactionManager.class);
        String orderId = newOrderId("rolled-back");
        pg.approve(orderId);

        tx.executeWithoutResult(status -> {
            requests.enqueue(List.of(newJob(orderId)));
            status.setRollbackOnly();
        });
        requests.committed();

        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(orderId) == 0);
        assertThat(findJob(orderId)).isEmpty();
    }

    @Test
    void aSecondRequestForTheSameOrderAddsNoJobAndNoConfirm() {
        String orderId = newOrderId("twice");
        pg.approve(orderId);
        assertThat(requestCommitted(orderId)).isOne();
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));

        assertThat(requestCommitted(orderId)).isZero();

        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(orderId) == 1);
        assertThat(job(orderId).state()).isEqualTo("DONE");
        assertThat(OutboxRow.of(jdbc, orderId)).hasSize(1);
    }

    @Test
    void manyJobsAreEnqueuedInOneCallAndAJobWithdrawnInTheSameTransactionIsNeverConfirmed() {
        String kept = newOrderId("batch-kept");
        String other = newOrderId("batch-other");
        String withdrawn = newOrderId("batch-withdrawn");
        Stream.of(kept, other, withdrawn).forEach(pg::approve);

        // as in one poll batch: three orders reach SUCCESS, then one of them ends another way
        int created = tx.execute(status -> {
            int enqueued = requests.enqueue(List.of(newJob(kept), newJob(other), newJob(withdrawn)));
            requests.withdraw(List.of(withdrawn));
            return enqueued;
        });
        requests.committed();

        assertThat(created).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(kept) && isDone(other));
        assertThat(job(withdrawn)).isEqualTo(new JobRow("DONE", "WITHDRAWN", 0, "confirm-" + withdrawn));
        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(withdrawn) == 0);
        assertThat(pg.confirmRequests(kept)).isOne();
        assertThat(OutboxRow.of(jdbc, withdrawn)).isEmpty();
    }

    @Test
    void aConfirmAnsweredAfterTheJobWasWithdrawnStillWritesItsConfirmation() {
        String orderId = newOrderId("late");
        pg.approveAfter(orderId, Duration.ofSeconds(1));
        requestCommitted(orderId);
        await().atMost(Duration.ofSeconds(5)).until(() -> pg.confirmRequests(orderId) == 1);

        // the order ends another way while the PG is still answering our confirm
        tx.executeWithoutResult(status -> requests.withdraw(List.of(orderId)));
        assertThat(job(orderId).outcome()).isEqualTo("WITHDRAWN");

        // the money moved: the order's partition must hear it, and decide what it means for an ended order
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !OutboxRow.of(jdbc, orderId).isEmpty());
        assertThat(OutboxRow.of(jdbc, orderId)).singleElement().satisfies(row -> {
            CloudEvent<PgConfirmation> event = row.event(json, PgConfirmation.class);
            assertThat(event.id()).isEqualTo(EventIds.confirmation(orderId));
            assertThat(event.data().approved()).isTrue();
        });
        assertThat(job(orderId))
                .as("the withdrawal stands")
                .isEqualTo(new JobRow("DONE", "WITHDRAWN", 1, "confirm-" + orderId));
    }

    @Test
    void requestsOutsideATransactionAreRefusedAndWriteNothing() {
        String orderId = newOrderId("no-transaction");

        assertThatThrownBy(() -> requests.enqueue(List.of(newJob(orderId))))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() -> requests.withdraw(List.of(orderId)))
                .isInstanceOf(IllegalTransactionStateException.class);

        assertThat(findJob(orderId)).isEmpty();
    }

    @Test
    void rejectedConfirmIsWrittenAsRejectionWithThePgCode() {
        String orderId = newOrderId("rejected");
        pg.reject(orderId, 403, "REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족");

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(EventIds.confirmation(orderId));
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

    // ---- virtual accounts and other methods ------------------------------------------------------------------------

    @Test
    void aVirtualAccountIssuedByTheConfirmIsPublishedAsAwaitingItsDepositWithTheAccountAndTheSecret(
            CapturedOutput output) {
        String orderId = newOrderId("va");
        pg.issueVirtualAccount(orderId, TossPgStub.VA_SECRET, TossPgStub.VA_DUE_DATE);

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(EventIds.confirmation(orderId));
            PgConfirmation confirmation = event.data();
            assertThat(confirmation.awaitsDeposit()).isTrue();
            assertThat(confirmation.approved()).isFalse();
            assertThat(confirmation.code()).isNull();
            assertThat(confirmation.paymentKey()).isEqualTo(paymentKeyOf(orderId));
            assertThat(confirmation.method()).isEqualTo(TossPgStub.VIRTUAL_ACCOUNT);
            assertThat(confirmation.secret()).isEqualTo(TossPgStub.VA_SECRET);
            assertThat(confirmation.virtualAccount())
                    .extracting(VirtualAccount::bankCode, VirtualAccount::accountNumber, VirtualAccount::customerName)
                    .containsExactly(
                            TossPgStub.VA_BANK_CODE, TossPgStub.VA_ACCOUNT_NUMBER, TossPgStub.VA_CUSTOMER_NAME);
            assertThat(confirmation.dueDate()).isAtSameInstantAs(OffsetDateTime.parse(TossPgStub.VA_DUE_DATE));
        });
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "AWAITING_DEPOSIT", 1, "confirm-" + orderId));
        assertThat(pg.confirmRequests(orderId)).isOne();
        assertThat(output.getAll())
                .contains("PG issued a virtual account for order " + orderId)
                .doesNotContain(TossPgStub.VA_SECRET)
                .doesNotContain(TossPgStub.VA_ACCOUNT_NUMBER);
    }

    @Test
    void aVirtualAccountTheReconcilingLookUpFindsAwaitsItsDepositWithoutTheSecretTheLookUpDidNotShow() {
        String orderId = newOrderId("va-lookup");
        pg.answerConfirm(orderId, 500, TossPgStub.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 오류"));
        pg.virtualAccount(orderId, paymentKeyOf(orderId), AMOUNT, "WAITING_FOR_DEPOSIT", null);

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(10)).until(() -> isDone(orderId));
        assertThat(pg.lookupsByOrderId(orderId)).isOne();
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.data().awaitsDeposit()).isTrue();
            assertThat(event.data().secret()).isNull();
            assertThat(event.data().accountNumber()).isEqualTo(TossPgStub.VA_ACCOUNT_NUMBER);
            assertThat(event.data().dueDate()).isAtSameInstantAs(OffsetDateTime.parse(TossPgStub.VA_DUE_DATE));
        });
        assertThat(job(orderId).outcome()).isEqualTo("AWAITING_DEPOSIT");
    }

    @Test
    void anEasyPayApprovalIsApprovedLikeACardAndNamesItsMethod() {
        String orderId = newOrderId("easy-pay");
        pg.approve(orderId, TossPgStub.EASY_PAY);

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.data().approved()).isTrue();
            assertThat(event.data().method()).isEqualTo(TossPgStub.EASY_PAY);
            assertThat(event.data().awaitsDeposit()).isFalse();
            assertThat(event.data().secret()).isNull();
        });
        assertThat(job(orderId).outcome()).isEqualTo("APPROVED");
    }

    static Stream<Arguments> answersForAnotherPayment() {
        return Stream.of(
                arguments("orderId", (Function<String, String>) orderId ->
                        TossPgStub.payment(newOrderId("someone-else"), paymentKeyOf(orderId), AMOUNT, "DONE")),
                arguments("paymentKey", (Function<String, String>)
                        orderId -> TossPgStub.payment(orderId, "tgen_another_payment", AMOUNT, "DONE")));
    }

    @Test
    void ourPaymentApprovedForAnotherAmountGoesToTheOrderAsThePgsVerifiedWord() {
        String orderId = newOrderId("other-amount");
        pg.answerConfirm(orderId, 200, TossPgStub.payment(orderId, paymentKeyOf(orderId), AMOUNT - 1, "DONE"));

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(job(orderId).outcome()).isEqualTo("REJECTED");
        assertThat(OutboxRow.of(jdbc, orderId)).singleElement().satisfies(row -> {
            CloudEvent<PgStatus> event = row.event(json, PgStatus.class);
            assertThat(event.id()).isEqualTo(EventIds.status(orderId, "confirm"));
            assertThat(event.data().verification()).isEqualTo(PgStatus.Verification.LOOKUP);
            assertThat(event.data().status()).isEqualTo("DONE");
            assertThat(event.data().paymentKey()).isEqualTo(paymentKeyOf(orderId));
            assertThat(event.data().totalAmount()).isEqualTo(AMOUNT - 1);
        });
        assertThat(pg.confirmRequests(orderId)).isOne();
    }

    @ParameterizedTest(name = "another {0}")
    @MethodSource("answersForAnotherPayment")
    void anApprovalOfAnotherPaymentIsADefinitiveFailureAndAMoneyAnomaly(
            String field, Function<String, String> answerFor) {
        String orderId = newOrderId("mismatch");
        pg.answerConfirm(orderId, 200, answerFor.apply(orderId));
        double before = anomalies("PG_ANSWER_MISMATCH");

        requestCommitted(orderId);

        assertRefusedAsAnswerMismatchNamingTheField(orderId, field, before);
        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(orderId) == 1);
    }

    /** Each Toss status a confirm can answer 200 with, and what the job makes of it. */
    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
        "DONE,                APPROVED, ,                            false",
        "WAITING_FOR_DEPOSIT, REJECTED, VIRTUAL_ACCOUNT_MISSING,     true",
        "ABORTED,             REJECTED, ABORTED,                     false",
        "EXPIRED,             REJECTED, EXPIRED,                     false",
        "CANCELED,            REJECTED, CANCELED_AT_PG,              true",
        "PARTIAL_CANCELED,    REJECTED, CANCELED_AT_PG,              true"
    })
    void everyFinalTossStatusOfAConfirmAnswerIsDecidedAtOnce(
            String status, String outcome, String code, boolean anomaly) {
        String orderId = newOrderId("status");
        pg.answerConfirm(orderId, 200, TossPgStub.payment(orderId, paymentKeyOf(orderId), AMOUNT, status));
        double before = code == null ? 0 : anomalies(code);

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(job(orderId).outcome()).isEqualTo(outcome);
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.data().approved()).isEqualTo(outcome.equals("APPROVED"));
            assertThat(event.data().code()).isEqualTo(code);
        });
        if (code != null) {
            assertThat(anomalies(code) - before)
                    .as("counted as a money anomaly")
                    .isEqualTo(anomaly ? 1 : 0);
        }
        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(orderId) == 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"READY", "IN_PROGRESS", "A_STATUS_TOSS_ADDS_LATER"})
    void aConfirmAnswerThatIsNotFinalYetIsAskedAgainWithinTheWindow(String status) {
        String orderId = newOrderId("not-final");
        pg.answerConfirm(orderId, 200, TossPgStub.payment(orderId, paymentKeyOf(orderId), AMOUNT, status));

        requestCommitted(orderId);

        await().atMost(Duration.ofSeconds(5)).until(() -> pg.confirmRequests(orderId) >= 3);
        assertThat(job(orderId).state()).isEqualTo("PENDING");
        assertThat(OutboxRow.of(jdbc, orderId)).isEmpty();
        assertThat(pg.idempotencyKeys(orderId)).containsOnly("confirm-" + orderId);
        // the order ends another way: the retries stop
        tx.executeWithoutResult(transaction -> requests.withdraw(List.of(orderId)));
        assertThat(job(orderId).outcome()).isEqualTo("WITHDRAWN");
    }

    @Test
    void alreadyProcessedPaymentThatIsAnotherOrdersIsADefinitiveFailureNotEndlessLookUps() {
        String orderId = newOrderId("reused-key");
        pg.answerConfirm(orderId, 400, TossPgStub.error("ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다."));
        // someone reused a paymentKey: the PG knows it as another order's payment
        pg.paymentByKey(paymentKeyOf(orderId), newOrderId("owner"), AMOUNT, "DONE");
        double before = anomalies("PG_ANSWER_MISMATCH");

        requestCommitted(orderId);

        assertRefusedAsAnswerMismatchNamingTheField(orderId, "orderId", before);
        await().during(Duration.ofMillis(800))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(orderId) == 1 && pg.lookupsByKey(paymentKeyOf(orderId)) == 1);
    }

    @Test
    void aJobPastTheConfirmWindowMakesOneLastLookUpThenWaitsForReviewWithoutAnyFurtherPgCall() {
        String orderId = newOrderId("overdue");
        pg.idempotentRequestProcessing(orderId);
        pg.paymentByOrderId(orderId, paymentKeyOf(orderId), AMOUNT, "IN_PROGRESS");
        SimpleMeterRegistry instanceMeters = new SimpleMeterRegistry();
        double reviewedBefore = reviewCount(meters);
        // an instance of its own that polls often: nothing but the job's state keeps it from calling the PG again
        ConfirmDispatcher instance = dispatcher(instanceMeters, "confirm.poll-interval", "20ms");
        insertJobCreatedAgo(orderId, "11 minutes");

        instance.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> job(orderId).state().equals("REVIEW"));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> pg.confirmRequests(orderId) == 0 && pg.lookupsByOrderId(orderId) == 1);
        assertThat(job(orderId)).isEqualTo(new JobRow("REVIEW", null, 1, "confirm-" + orderId));
        assertThat(OutboxRow.of(jdbc, orderId))
                .as("nothing is decided for the order")
                .isEmpty();
        // counted once by whichever instance claimed the job
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(reviewCount(instanceMeters) + reviewCount(meters) - reviewedBefore)
                        .isOne());

        // the reconciler's look-up ends the order another way: the job in review is withdrawn
        tx.executeWithoutResult(status -> requests.withdraw(List.of(orderId)));
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "WITHDRAWN", 1, "confirm-" + orderId));
    }

    @Test
    void aJobPastTheConfirmWindowIsDecidedByItsLastLookUpWhenThePaymentIsFinal() {
        String orderId = newOrderId("overdue-done");
        pg.approve(orderId);
        pg.paymentByOrderId(orderId, paymentKeyOf(orderId), AMOUNT, "DONE");
        ConfirmDispatcher instance = dispatcher(new SimpleMeterRegistry(), "confirm.poll-interval", "20ms");
        insertJobCreatedAgo(orderId, "11 minutes");

        instance.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().approved()).isTrue());
        assertThat(pg.confirmRequests(orderId)).as("no confirm past the window").isZero();
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
        ConfirmDispatcher second =
                dispatcher(secondMeters, "confirm.poll-interval", "20ms", "confirm.max-concurrency", "4");
        double approvedHereBefore = approvedCount(meters);
        List<String> orderIds =
                IntStream.range(0, 40).mapToObj(i -> newOrderId("pair-" + i)).toList();
        orderIds.forEach(orderId -> pg.approveAfter(orderId, Duration.ofMillis(100)));
        second.start();

        tx.executeWithoutResult(status -> requests.enqueue(
                orderIds.stream().map(ConfirmDispatcherIT::newJob).toList()));
        requests.committed();

        await().atMost(Duration.ofSeconds(30)).until(() -> orderIds.stream().allMatch(this::isDone));
        assertThat(orderIds).allSatisfy(orderId -> {
            assertThat(pg.confirmRequests(orderId))
                    .as("confirms of %s", orderId)
                    .isOne();
            assertThat(OutboxRow.of(jdbc, orderId))
                    .as("confirmations of %s", orderId)
                    .hasSize(1);
        });
        // counted once their batch committed, just after the DONE marks became visible
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                        approvedCount(meters) - approvedHereBefore + approvedCount(secondMeters))
                .isEqualTo(orderIds.size()));
        assertThat(approvedCount(meters) - approvedHereBefore)
                .as("jobs this instance confirmed")
                .isPositive();
        assertThat(approvedCount(secondMeters))
                .as("jobs the other instance confirmed")
                .isPositive();
    }

    @Test
    void answerLostAfterThePgApprovedIsConfirmedAgainUnderTheSameIdempotencyKeyOnceTheLeaseRunsOut() {
        String orderId = newOrderId("crash");
        // Toss replays the stored answer of an Idempotency-Key: the retry is approved again, never approved twice
        pg.approve(orderId);
        ConfirmDispatcher doomed = dispatcher(
                new SimpleMeterRegistry(),
                "confirm.poll-interval",
                "20ms",
                "confirm.lease",
                "1s",
                "confirm.max-concurrency",
                "1");
        // the doomed instance reaches the PG, then its record of the answer is lost, as if it died before the commit
        try (OutboxFault fault = OutboxFault.refuseRowsOf(jdbc, orderId)) {
            doomed.start();
            tx.executeWithoutResult(status -> jobs.insert(List.of(newJob(orderId))));
            await().atMost(Duration.ofSeconds(5)).until(() -> pg.confirmRequests(orderId) == 1);
            // writes what it still holds, which the database refuses
            doomed.stop();
        }
        assertThat(job(orderId).state()).isEqualTo("PENDING");
        assertThat(OutboxRow.of(jdbc, orderId)).isEmpty();

        ConfirmDispatcher survivor = dispatcher(new SimpleMeterRegistry(), "confirm.poll-interval", "50ms");
        survivor.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> isDone(orderId));
        assertThat(pg.idempotencyKeys(orderId)).hasSize(2).containsOnly("confirm-" + orderId);
        assertThat(confirmations(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().approved()).isTrue());
        assertThat(job(orderId)).isEqualTo(new JobRow("DONE", "APPROVED", 2, "confirm-" + orderId));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static ConfirmRequests.NewJob newJob(String orderId) {
        return new ConfirmRequests.NewJob(orderId, paymentKeyOf(orderId), AMOUNT);
    }

    /** As the consumer does it: enqueued in a transaction, the dispatcher woken once it has committed. */
    private int requestCommitted(String orderId) {
        int created = tx.execute(status -> requests.enqueue(List.of(newJob(orderId))));
        requests.committed();
        return created;
    }

    /** Another worker instance on the same table and outbox, with its own settings below {@code payments.pg}. */
    private ConfirmDispatcher dispatcher(MeterRegistry registry, String... settings) {
        String[] all = Stream.concat(Stream.of("secret-key", SECRET_KEY), Stream.of(settings))
                .toArray(String[]::new);
        PgProperties properties = PgPropertiesFixture.bind(pg.baseUrl(), all);
        TossPaymentsClient client = new TossPaymentsClient(properties, json, registry);
        ConfirmDispatcher instance =
                new ConfirmDispatcher(jobs, client, properties, outbox, tx, Clock.systemUTC(), registry);
        cleanUp.add(client::destroy);
        cleanUp.add(instance::stop);
        return instance;
    }

    /** A PENDING job due now, created {@code ago} (a PostgreSQL interval) as the database counts. */
    private void insertJobCreatedAgo(String orderId, String ago) {
        jdbc.sql("""
                        INSERT INTO pg_confirmations (order_id, payment_key, amount, idempotency_key, state, attempts,
                                                      next_attempt_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, 'PENDING', 0, now(), now() - CAST(? AS interval), now())""")
                .params(orderId, paymentKeyOf(orderId), AMOUNT, "confirm-" + orderId, ago)
                .update();
    }

    /** The job ended refused, PG_ANSWER_MISMATCH naming {@code field}, counted once more than {@code before}. */
    private void assertRefusedAsAnswerMismatchNamingTheField(String orderId, String field, double before) {
        await().atMost(Duration.ofSeconds(5)).until(() -> isDone(orderId));
        assertThat(confirmations(orderId)).singleElement().satisfies(event -> {
            assertThat(event.data().approved()).isFalse();
            assertThat(event.data().code()).isEqualTo("PG_ANSWER_MISMATCH");
            assertThat(event.data().message()).contains(field);
        });
        assertThat(job(orderId).outcome()).isEqualTo("REJECTED");
        assertThat(anomalies("PG_ANSWER_MISMATCH") - before).isOne();
    }

    private double anomalies(String reason) {
        return meters.counter("payments.worker.money_anomalies", "reason", reason)
                .count();
    }

    private static double reviewCount(MeterRegistry registry) {
        return registry.counter("payments.pg.confirm.outcomes", "outcome", "review")
                .count();
    }

    private static double approvedCount(MeterRegistry registry) {
        return registry.counter("payments.pg.confirm.outcomes", "outcome", "approved")
                .count();
    }

    private List<CloudEvent<PgConfirmation>> confirmations(String orderId) {
        return OutboxRow.of(jdbc, orderId).stream()
                .map(row -> row.event(json, PgConfirmation.class))
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

    record JobRow(String state, String outcome, int attempts, String idempotencyKey) {}
}
