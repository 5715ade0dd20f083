package dev.payments.worker.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.Topics;
import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.auth.EventKeyProperties;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.outbox.OutboxProperties;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.testing.InfrastructureSlice;
import dev.payments.worker.testing.OutboxRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The expiry sweeper on a real PostgreSQL (a database of its own; orders written with plain SQL): its claims and its
 * expire events (outbox rows for the order-events topic) commit together. The relay is off, so the outbox rows stay
 * where the sweeper put them. Sweeps run by hand (no scheduler in this context); further sweeper instances are built
 * by hand on the same tables.
 */
@SpringBootTest(
        classes = ExpirySweeperIT.ExpirySlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "payments.outbox.enabled=false",
            "payments.worker.event-key=event-key-of-the-expiry-sweeper-it-at-least-32-characters",
            // no takeover of claims during this class unless a test makes a claim old
            "payments.expiry.retry-after=10m",
            "payments.expiry.grace=1s"
        })
class ExpirySweeperIT {

    private static final String JDBC_URL = TestDatabases.fresh("expiry_sweeper_it");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(InfrastructureSlice.class)
    @ComponentScan(
            basePackageClasses = {ExpirySweeper.class, Outbox.class, EventAuthenticator.class},
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    @EnableConfigurationProperties({ExpiryProperties.class, OutboxProperties.class, EventKeyProperties.class})
    static class ExpirySlice {}

    @Autowired
    ExpirySweeper sweeper;

    @Autowired
    DataSource dataSource;

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EventAuthenticator authenticator;

    private JdbcClient jdbc;
    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @BeforeEach
    void setUp() {
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : cleanUp.reversed()) {
            closeable.close();
        }
    }

    @Test
    void requestsOneExpiryPerExpiredOpenOrderAndNoneForTerminalOrUnexpiredOnes() {
        String expiredPrepay = newOrderId("expired-prepay");
        insertOrder(expiredPrepay, "PREPAY", "-1 minute");
        String expiredInProgress = newOrderId("expired-in-progress");
        insertOrder(expiredInProgress, "IN_PROGRESS", "-5 minutes");
        String unexpired = newOrderId("unexpired");
        insertOrder(unexpired, "IN_PROGRESS", "10 minutes");
        String completed = newOrderId("completed");
        insertOrder(completed, "COMPLETE", "-1 minute");
        String cancelled = newOrderId("cancelled");
        insertOrder(cancelled, "CANCEL", "-1 minute");
        String failed = newOrderId("failed");
        insertOrder(failed, "FAIL", "-1 minute");
        String success = newOrderId("success");
        insertOrder(success, "SUCCESS", "-1 minute");
        double before = requestedCount(meters);

        int published = sweeper.sweepOnce();
        // a second sweep finds the claims: nothing twice
        int publishedAgain = sweeper.sweepOnce();

        assertThat(published).isEqualTo(2);
        assertThat(publishedAgain).isZero();
        for (String orderId : List.of(expiredPrepay, expiredInProgress)) {
            assertThat(expiries(orderId))
                    .as("expiries of %s", orderId)
                    .singleElement()
                    .satisfies(event -> {
                        assertThat(event.id()).isEqualTo(EventIds.expire(orderId));
                        assertThat(event.type()).isEqualTo("payment.order.expire");
                        assertThat(event.source()).isEqualTo(EventSources.WORKER);
                        assertThat(event.subject()).isEqualTo(orderId);
                        assertThat(event.data().orderId()).isEqualTo(orderId);
                        assertThat(authenticator.authenticated(event, Instant.now()))
                                .as("signed with the worker's key")
                                .isTrue();
                        assertThat(event.time())
                                .as("the database's time when the sweep found the order expired")
                                .isEqualTo(claimedAt(orderId));
                    });
        }
        for (String orderId : List.of(unexpired, completed, cancelled, failed, success)) {
            assertThat(expiries(orderId)).as("expiries of %s", orderId).isEmpty();
        }
        assertThat(requestedCount(meters) - before).isEqualTo(published);
    }

    @Test
    void twoSweepersSideBySideRequestExactlyOneExpiryPerOrder() throws Exception {
        List<String> orderIds =
                IntStream.range(0, 60).mapToObj(i -> newOrderId("pair-" + i)).toList();
        // open orders and orders past their deposit deadline, claimed by the two statements of a sweep
        for (int i = 0; i < orderIds.size(); i++) {
            if (i % 2 == 0) {
                insertOrder(orderIds.get(i), "IN_PROGRESS", "-2 minutes");
            } else {
                insertAwaitingDeposit(orderIds.get(i), "-2 minutes");
            }
        }
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        ExpirySweeper first = sweeper(firstMeters, "batch-size", "20");
        ExpirySweeper second = sweeper(secondMeters, "batch-size", "20");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        cleanUp.add(threads::shutdownNow);
        int published = 0;

        // The worst race, made certain: an uncommitted claim of every order holds both sweepers at the same rows,
        // both having read "not claimed yet"; once it rolls back, they claim the same oldest orders at the same time.
        try (Connection gate = dataSource.getConnection()) {
            gate.setAutoCommit(false);
            try (PreparedStatement claimAll = gate.prepareStatement(
                    "INSERT INTO expiry_requests (order_id, requested_at) SELECT order_id, now() FROM orders"
                            + " WHERE order_id = ANY (?)")) {
                claimAll.setArray(1, gate.createArrayOf("varchar", orderIds.toArray()));
                claimAll.executeUpdate();
            }
            Future<Integer> firstSweep = threads.submit(first::sweepOnce);
            Future<Integer> secondSweep = threads.submit(second::sweepOnce);
            await().atMost(Duration.ofSeconds(10)).until(() -> sessionsWaitingForALock() >= 2);
            gate.rollback();
            published += firstSweep.get(30, TimeUnit.SECONDS) + secondSweep.get(30, TimeUnit.SECONDS);
        }
        // then side by side, in lock-step, until every order is claimed
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Integer>> runs = threads.invokeAll(List.<Callable<Integer>>of(
                () -> sweepRepeatedly(first, together), () -> sweepRepeatedly(second, together)));
        for (Future<Integer> run : runs) {
            published += run.get();
        }

        assertThat(orderIds).allSatisfy(orderId -> assertThat(expiries(orderId))
                .as("expiries of %s", orderId)
                .hasSize(1));
        assertThat(published).isEqualTo(orderIds.size());
        assertThat(requestedCount(firstMeters) + requestedCount(secondMeters)).isEqualTo(orderIds.size());
    }

    @Test
    void aClaimAndItsExpireEventCommitTogetherOrNotAtAll() {
        String orderId = newOrderId("rolled-back");
        insertOrder(orderId, "PREPAY", "-1 minute");

        // the sweep joins a transaction that then rolls back (the database failing at its commit, say)
        transactions.executeWithoutResult(status -> {
            assertThat(sweeper.sweepOnce()).isOne();
            status.setRollbackOnly();
        });

        assertThat(claimed(orderId)).as("no claim without its event").isFalse();
        assertThat(expiries(orderId)).isEmpty();

        sweeper.sweepOnce();

        assertThat(claimed(orderId)).isTrue();
        assertThat(expiries(orderId)).hasSize(1);
    }

    @Test
    void anOldClaimOfAStillOpenOrderIsRequestedAgainWithTheSameEventId() {
        String orderId = newOrderId("orphaned");
        insertOrder(orderId, "IN_PROGRESS", "-30 minutes");
        // claimed long ago, and the order is still open (its expiry was refused, or never read)
        jdbc.sql("INSERT INTO expiry_requests (order_id, requested_at) VALUES (?, now() - interval '20 minutes')")
                .param(orderId)
                .update();

        sweeper.sweepOnce();
        sweeper.sweepOnce();

        assertThat(expiries(orderId)).singleElement().satisfies(event -> assertThat(event.id())
                .isEqualTo(EventIds.expire(orderId)));
    }

    @Test
    void claimsOfOrdersThatEndedAreForgotten() {
        String orderId = newOrderId("ended");
        insertOrder(orderId, "IN_PROGRESS", "-1 minute");
        sweeper.sweepOnce();
        assertThat(claimed(orderId)).isTrue();

        jdbc.sql("UPDATE orders SET status = 'CANCEL', reason = 'EXPIRED' WHERE order_id = ?")
                .param(orderId)
                .update();
        sweeper.sweepOnce();

        assertThat(claimed(orderId)).isFalse();
        assertThat(expiries(orderId)).hasSize(1);
    }

    @Test
    void asksOnceForTheDeadlineOfAnOrderPastItsDueDateUnderTheDepositExpireIdAndKeepsItsClaim() {
        String pastDue = newOrderId("past-due");
        insertAwaitingDeposit(pastDue, "-1 minute");
        String notYetDue = newOrderId("not-yet-due");
        insertAwaitingDeposit(notYetDue, "10 minutes");

        sweeper.sweepOnce();
        sweeper.sweepOnce();

        assertThat(expiries(pastDue)).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo(EventIds.depositExpire(pastDue));
            assertThat(event.data().orderId()).isEqualTo(pastDue);
            assertThat(authenticator.authenticated(event, Instant.now())).isTrue();
            assertThat(event.time()).isEqualTo(claimedAt(pastDue));
        });
        assertThat(claimed(pastDue))
                .as("kept while the order awaits the PG's answer to the cancel")
                .isTrue();
        assertThat(expiries(notYetDue)).isEmpty();

        jdbc.sql("UPDATE orders SET status = 'CANCEL', reason = 'DEPOSIT_EXPIRED' WHERE order_id = ?")
                .param(pastDue)
                .update();
        sweeper.sweepOnce();

        assertThat(claimed(pastDue)).isFalse();
    }

    @Test
    void anExpiryClaimOfAnOrderThatMovedOnToPaymentIsForgotten() {
        String orderId = newOrderId("paid");
        insertOrder(orderId, "IN_PROGRESS", "-1 minute");
        sweeper.sweepOnce();

        jdbc.sql("UPDATE orders SET status = 'SUCCESS' WHERE order_id = ?")
                .param(orderId)
                .update();
        sweeper.sweepOnce();

        assertThat(claimed(orderId)).isFalse();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static String newOrderId(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Sweeps in lock-step with the other sweeper: both start every round at the same moment. */
    private static int sweepRepeatedly(ExpirySweeper sweeper, CyclicBarrier together) throws Exception {
        int published = 0;
        for (int round = 0; round < 5; round++) {
            together.await(10, TimeUnit.SECONDS);
            published += sweeper.sweepOnce();
        }
        return published;
    }

    private long sessionsWaitingForALock() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .query(Long.class)
                .single();
    }

    private void insertOrder(String orderId, String status, String expiresIn) {
        jdbc.sql("""
                        INSERT INTO orders (order_id, status, amount, currency, order_name, token_hash, expires_at,
                                            created_at, updated_at, version)
                        VALUES (:orderId, :status, 15000, 'KRW', '토스 티셔츠', repeat('a', 64),
                                now() + CAST(:expiresIn AS interval), now() - interval '40 minutes', now(), 1)""")
                .param("orderId", orderId)
                .param("status", status)
                .param("expiresIn", expiresIn)
                .update();
    }

    /** An order awaiting a deposit into a virtual account due at now + {@code dueIn}; its expiresAt is long past. */
    private void insertAwaitingDeposit(String orderId, String dueIn) {
        insertOrder(orderId, "AWAITING_DEPOSIT", "-1 day");
        jdbc.sql("""
                        UPDATE orders SET method = '가상계좌', payment_key = 'pay-' || order_id, va_bank_code = '20',
                                          va_account_number = 'X1234567890123', va_customer_name = 'Kim',
                                          va_due_date = now() + CAST(:dueIn AS interval)
                         WHERE order_id = :orderId""").param("orderId", orderId).param("dueIn", dueIn).update();
    }

    private boolean claimed(String orderId) {
        return jdbc.sql("SELECT count(*) FROM expiry_requests WHERE order_id = ?")
                        .param(orderId)
                        .query(Long.class)
                        .single()
                == 1;
    }

    /** Another sweeper instance on the same tables, with its own settings below {@code payments.expiry}. */
    private ExpirySweeper sweeper(MeterRegistry registry, String... settings) {
        Map<String, String> values = new HashMap<>(Map.of("payments.expiry.retry-after", "10m"));
        for (int i = 0; i < settings.length; i += 2) {
            values.put("payments.expiry." + settings[i], settings[i + 1]);
        }
        ExpiryProperties properties = new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("payments.expiry", ExpiryProperties.class);
        return new ExpirySweeper(jdbc, transactions, outbox, Clock.systemUTC(), properties, registry);
    }

    private static double requestedCount(MeterRegistry registry) {
        return registry.counter("payments.expiry.requested").count();
    }

    private List<CloudEvent<OrderExpire>> expiries(String orderId) {
        return OutboxRow.of(jdbc, orderId).stream()
                .filter(row -> row.topic().equals(Topics.ORDER_EVENTS))
                .map(row -> row.event(json, OrderExpire.class))
                .toList();
    }

    private Instant claimedAt(String orderId) {
        return jdbc.sql("SELECT requested_at FROM expiry_requests WHERE order_id = ?")
                .param(orderId)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .single();
    }
}
