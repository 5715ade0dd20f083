package dev.payments.worker.reconcile;

import static dev.payments.worker.pg.TestOrders.newOrderId;
import static dev.payments.worker.pg.TestOrders.paymentKeyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.EmbeddedKafkaInitializer;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.worker.pg.PgTestInfrastructure;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.pg.status.StatusCheckDispatcher;
import dev.payments.worker.testing.TopicEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciler with the real status checks and the real outbox relay behind it: orders written into a database of
 * its own with plain SQL, a real Kafka broker, the PG faked over HTTP. The PG's answer is read where the consumer
 * reads it, on the order's key of the order-events topic. Each test runs passes by hand (no scheduler in this
 * context).
 */
@SpringBootTest(
        classes = ReconcilerIT.ReconcileSlice.class,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "payments.pg.secret-key=test_sk_reconciler_it",
            "payments.worker.event-key=event-key-of-the-reconciler-it-at-least-32-characters",
            "payments.pg.confirm.enabled=false",
            "payments.pg.status-check.poll-interval=1h",
            "payments.reconcile.success-after=2m",
            "payments.reconcile.in-progress-before-expiry=2m",
            "payments.reconcile.recheck-after=1m"
        })
@ContextConfiguration(initializers = EmbeddedKafkaInitializer.class)
class ReconcilerIT {

    private static final long AMOUNT = 15_000;

    private static final String JDBC_URL = TestDatabases.fresh("reconciler_it");

    private static final TossPgStub pg = TossPgStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("payments.pg.base-url", pg::baseUrl);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(PgTestInfrastructure.class)
    // the status checks and this package; not the test configurations that live in these packages, nor the
    // reconciliation with the PG's ledger below it (ReconciliationIT)
    @ComponentScan(
            basePackageClasses = {StatusCheckDispatcher.class, Reconciler.class},
            excludeFilters = {
                @ComponentScan.Filter(Configuration.class),
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = "dev\\.payments\\.worker\\.reconcile\\.ledger\\..*")
            })
    @EnableConfigurationProperties(ReconcileProperties.class)
    static class ReconcileSlice {}

    @Autowired
    Reconciler reconciler;

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
    void successOrderWhoseConfirmIsStillPendingIsLookedUpByItsPaymentKeyAndNeverConfirmed() {
        String orderId = newOrderId("stuck");
        String paymentKey = paymentKeyOf(orderId);
        insertOrder(orderId, "SUCCESS", paymentKey, "30 minutes", "10 minutes");
        insertConfirmJob(orderId, paymentKey, "PENDING", "5 minutes");
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "DONE");
        double before = requested("success_unconfirmed");

        reconciler.reconcileOnce();

        assertThat(check(orderId))
                .hasValueSatisfying(check -> assertThat(check.paymentKey()).isEqualTo(paymentKey));
        assertThat(requested("success_unconfirmed") - before).isGreaterThanOrEqualTo(1);
        // the look-up's answer comes back as a verified status on the order's key: the state machine completes it
        await().atMost(Duration.ofSeconds(5)).until(() -> statuses(orderId).size() == 1);
        assertThat(statuses(orderId)).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo(EventSources.WORKER);
            assertThat(event.data().status()).isEqualTo("DONE");
            assertThat(event.data().verification()).isEqualTo(PgStatus.Verification.LOOKUP);
        });
        await("the relay deletes what the broker acknowledged")
                .atMost(Duration.ofSeconds(5))
                .until(() -> outboxRows(orderId) == 0);
        assertThat(pg.confirmRequests(orderId))
                .as("the reconciler never confirms")
                .isZero();
    }

    @Test
    void successOrderWhoseConfirmWentToReviewPastThePgsWindowIsStillLookedUp() {
        String orderId = newOrderId("in-review");
        String paymentKey = paymentKeyOf(orderId);
        insertOrder(orderId, "SUCCESS", paymentKey, "30 minutes", "12 minutes");
        insertConfirmJob(orderId, paymentKey, "REVIEW", "12 minutes");
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "ABORTED");

        reconciler.reconcileOnce();

        assertThat(check(orderId))
                .hasValueSatisfying(check -> assertThat(check.paymentKey()).isEqualTo(paymentKey));
        await().atMost(Duration.ofSeconds(5)).until(() -> statuses(orderId).size() == 1);
        assertThat(statuses(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().status()).isEqualTo("ABORTED"));
        assertThat(pg.confirmRequests(orderId)).isZero();
    }

    @Test
    void inProgressOrderCloseToItsExpiryIsLookedUpByOrderId() {
        String orderId = newOrderId("near-expiry");
        insertOrder(orderId, "IN_PROGRESS", null, "1 minute", "29 minutes");
        pg.paymentByOrderId(orderId, paymentKeyOf(orderId), AMOUNT, "EXPIRED");

        reconciler.reconcileOnce();

        assertThat(check(orderId))
                .hasValueSatisfying(check -> assertThat(check.paymentKey()).isNull());
        await().atMost(Duration.ofSeconds(5)).until(() -> statuses(orderId).size() == 1);
        assertThat(statuses(orderId))
                .singleElement()
                .satisfies(event -> assertThat(event.data().status()).isEqualTo("EXPIRED"));
        assertThat(pg.lookupsByOrderId(orderId)).isOne();
    }

    @Test
    void freshAndTerminalOrdersAreNotLookedUp() {
        String freshSuccess = newOrderId("fresh-success");
        insertOrder(freshSuccess, "SUCCESS", paymentKeyOf(freshSuccess), "30 minutes", "10 seconds");
        insertConfirmJob(freshSuccess, paymentKeyOf(freshSuccess), "PENDING", "10 seconds");
        String confirmedSuccess = newOrderId("confirmed");
        // the confirmation is published and waits in the topic: the outcome is known
        insertOrder(confirmedSuccess, "SUCCESS", paymentKeyOf(confirmedSuccess), "30 minutes", "10 minutes");
        insertConfirmJob(confirmedSuccess, paymentKeyOf(confirmedSuccess), "DONE", "10 minutes");
        String freshInProgress = newOrderId("fresh-in-progress");
        insertOrder(freshInProgress, "IN_PROGRESS", null, "-25 minutes", "5 minutes");
        String complete = newOrderId("complete");
        insertOrder(complete, "COMPLETE", paymentKeyOf(complete), "30 minutes", "10 minutes");
        insertConfirmJob(complete, paymentKeyOf(complete), "DONE", "10 minutes");
        String failedNearExpiry = newOrderId("failed");
        insertOrder(failedNearExpiry, "FAIL", null, "-1 minute", "29 minutes");
        String cancelledNearExpiry = newOrderId("cancelled");
        insertOrder(cancelledNearExpiry, "CANCEL", null, "1 minute", "31 minutes");

        reconciler.reconcileOnce();

        assertThat(List.of(
                        freshSuccess,
                        confirmedSuccess,
                        freshInProgress,
                        complete,
                        failedNearExpiry,
                        cancelledNearExpiry))
                .allSatisfy(orderId ->
                        assertThat(check(orderId)).as("check of %s", orderId).isEmpty());
    }

    @Test
    void anOrderIsNotLookedUpAgainWithinTheRecheckTime() {
        String orderId = newOrderId("once");
        insertOrder(orderId, "SUCCESS", paymentKeyOf(orderId), "30 minutes", "10 minutes");
        insertConfirmJob(orderId, paymentKeyOf(orderId), "PENDING", "5 minutes");
        pg.paymentByKey(paymentKeyOf(orderId), orderId, AMOUNT, "IN_PROGRESS");

        reconciler.reconcileOnce();
        await().atMost(Duration.ofSeconds(5)).until(() -> check(orderId)
                .map(check -> check.state().equals("DONE"))
                .orElse(false));
        reconciler.reconcileOnce();
        reconciler.reconcileOnce();

        assertThat(check(orderId))
                .hasValueSatisfying(check -> assertThat(check.requests()).isOne());
        assertThat(pg.lookupsByKey(paymentKeyOf(orderId))).isOne();
        assertThat(statuses(orderId)).hasSize(1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** An order row as the consumer writes it; intervals are PostgreSQL's, relative to now. */
    private void insertOrder(String orderId, String status, String paymentKey, String expiresIn, String updatedAgo) {
        jdbc.sql("""
                        INSERT INTO orders (order_id, status, amount, currency, order_name, token_hash, payment_key,
                                            expires_at, created_at, updated_at, version)
                        VALUES (:orderId, :status, :amount, 'KRW', '토스 티셔츠', repeat('a', 64), :paymentKey,
                                now() + CAST(:expiresIn AS interval), now() - interval '30 minutes',
                                now() - CAST(:updatedAgo AS interval), 3)""")
                .param("orderId", orderId)
                .param("status", status)
                .param("amount", AMOUNT)
                .param("paymentKey", paymentKey)
                .param("expiresIn", expiresIn)
                .param("updatedAgo", updatedAgo)
                .update();
    }

    private void insertConfirmJob(String orderId, String paymentKey, String state, String createdAgo) {
        jdbc.sql("""
                        INSERT INTO pg_confirmations (order_id, payment_key, amount, idempotency_key, state, attempts,
                                                      next_attempt_at, outcome, created_at, updated_at)
                        VALUES (:orderId, :paymentKey, :amount, 'confirm-' || :orderId, :state, 4,
                                now() + interval '1 hour', CASE WHEN :state = 'DONE' THEN 'APPROVED' END,
                                now() - CAST(:createdAgo AS interval), now())""")
                .param("orderId", orderId)
                .param("paymentKey", paymentKey)
                .param("amount", AMOUNT)
                .param("state", state)
                .param("createdAgo", createdAgo)
                .update();
    }

    private Optional<CheckRow> check(String orderId) {
        return jdbc.sql("SELECT payment_key, state, requests FROM pg_status_checks WHERE order_id = ?")
                .param(orderId)
                .query((rs, row) ->
                        new CheckRow(rs.getString("payment_key"), rs.getString("state"), rs.getLong("requests")))
                .optional();
    }

    private double requested(String reason) {
        return meters.counter("payments.reconcile.status_checks", "reason", reason)
                .count();
    }

    /** What the consumer reads on the order's key. */
    private List<CloudEvent<PgStatus>> statuses(String orderId) {
        return TopicEvents.of(json, Topics.ORDER_EVENTS, orderId, PgStatus.class);
    }

    private long outboxRows(String orderId) {
        return jdbc.sql("SELECT count(*) FROM outbox_messages WHERE message_key = convert_to(?, 'UTF8')")
                .param(orderId)
                .query(Long.class)
                .single();
    }

    record CheckRow(String paymentKey, String state, long requests) {}
}
