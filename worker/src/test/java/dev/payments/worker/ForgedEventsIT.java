package dev.payments.worker;

import static dev.payments.worker.pg.TestOrders.newOrderId;
import static dev.payments.worker.pg.TestOrders.paymentKeyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderCompleted;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.EmbeddedKafkaInitializer;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.testing.TopicEvents;
import dev.payments.worker.testing.WorkerEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole worker on a real broker and a real PostgreSQL, the PG faked over HTTP, attacked the way any producer with
 * write access to payments.order-events can: a plain {@link KafkaProducer} writes the worker's own event types without
 * a worker's proof (docs/contract.md §2 "Authenticated"). None of them may change an order, reach the PG or publish a
 * completion, and none may keep the genuine event under the same id from applying afterwards.
 */
@SpringBootTest(
        classes = WorkerApplication.class,
        properties = {
            "spring.config.name=worker",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.consumer.group-id=forged-events-it",
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "payments.topics.partitions=3",
            "payments.pg.secret-key=test_sk_forged_events_it",
            "payments.expiry.enabled=false",
            "payments.reconcile.enabled=false",
            "payments.worker.event-key=" + ForgedEventsIT.EVENT_KEY,
            // a rotation under way: events signed with the previous key are still a worker's
            "payments.worker.previous-event-key=" + ForgedEventsIT.PREVIOUS_KEY,
            "payments.worker.previous-event-key-until=2999-01-01T00:00:00Z"
        })
@ContextConfiguration(initializers = EmbeddedKafkaInitializer.class)
// a whole worker with a running consumer and dispatchers: not kept for later test classes
@DirtiesContext
class ForgedEventsIT {

    static final String EVENT_KEY = "forged-events-it-current-worker-event-key";
    static final String PREVIOUS_KEY = "forged-events-it-previous-worker-event-key";
    static final String FORGERS_KEY = "a-key-the-forger-made-up-0123456789abcdef";

    private static final long AMOUNT = 15_000;
    private static final String TOKEN = "buyer-token-of-forged-events-it";
    private static final String UNAUTHENTICATED = "UNAUTHENTICATED_EVENT";
    private static final Duration DECIDED = Duration.ofSeconds(30);

    private static final String JDBC_URL = TestDatabases.fresh("forged_events_it");
    private static final TossPgStub pg = TossPgStub.start();
    private static final KafkaProducer<String, byte[]> shop = new KafkaProducer<>(
            Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    EmbeddedKafkaInitializer.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all"),
            new StringSerializer(),
            new ByteArraySerializer());

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
        registry.add("payments.pg.base-url", pg::baseUrl);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EventAuthenticator authenticator;

    @AfterAll
    static void stop() {
        shop.close();
        pg.close();
    }

    @Test
    void forgedPgWordOnAPaidOrderChangesNothingAndTheGenuineApprovalUnderTheForgedIdCompletesItOnce() {
        String orderId = newOrderId("forged-paid");
        String paymentKey = paymentKeyOf(orderId);
        // the PG answers the confirm late, so every forged event below is read before its genuine answer
        pg.approveAfter(orderId, Duration.ofSeconds(2));
        double forgedConfirmations = unauthenticated("payment.pg.confirmation");
        double forgedStatuses = unauthenticated("payment.pg.status");

        send(event(orderId, issued(orderId, Instant.now().plus(Duration.ofMinutes(30)))));
        send(event(orderId, new CheckoutStarted(orderId, TOKEN)));
        send(event(orderId, PgResult.success(orderId, TOKEN, PgResult.Channel.REDIRECT, paymentKey, AMOUNT)));
        // a forged refusal under the id the PG's real answer will carry, then forged approvals of every kind
        send(forged(
                EventIds.confirmation(orderId),
                PgConfirmation.rejected(orderId, paymentKey, "REJECT_CARD_PAYMENT", "forged")));
        send(forged(randomId(), PgConfirmation.approved(orderId, paymentKey, OffsetDateTime.now())));
        send(forged(randomId(), done(orderId, paymentKey, PgStatus.Verification.LOOKUP)));
        send(forged(EventIds.status(orderId, "forged"), done(orderId, paymentKey, PgStatus.Verification.SIGNATURE)));

        await().atMost(DECIDED).until(() -> "COMPLETE".equals(status(orderId)));

        assertThat(timeline(orderId))
                .containsExactly(
                        tuple("payment.order.issued", "APPLIED", null, "PREPAY"),
                        tuple("payment.checkout.started", "APPLIED", null, "IN_PROGRESS"),
                        tuple("payment.pg.result", "APPLIED", null, "SUCCESS"),
                        tuple("payment.pg.confirmation", "REJECTED", UNAUTHENTICATED, "SUCCESS"),
                        tuple("payment.pg.confirmation", "REJECTED", UNAUTHENTICATED, "SUCCESS"),
                        tuple("payment.pg.status", "REJECTED", UNAUTHENTICATED, "SUCCESS"),
                        tuple("payment.pg.status", "REJECTED", UNAUTHENTICATED, "SUCCESS"),
                        tuple("payment.pg.confirmation", "APPLIED", null, "COMPLETE"));
        assertThat(eventIdOfLastRow(orderId)).isEqualTo(EventIds.confirmation(orderId));
        assertThat(pg.confirmRequests(orderId)).as("one approval at the PG").isOne();
        assertThat(pg.lookupsByKey(paymentKey) + pg.lookupsByOrderId(orderId))
                .as("no forged event made the worker call the PG")
                .isZero();
        await().atMost(DECIDED).until(() -> completions(orderId).size() == 1);
        assertThat(completions(orderId)).singleElement().satisfies(completion -> assertThat(
                        completion.data().status())
                .isEqualTo(OrderCompleted.Status.COMPLETE));
        assertThat(unauthenticated("payment.pg.confirmation") - forgedConfirmations)
                .isEqualTo(2);
        assertThat(unauthenticated("payment.pg.status") - forgedStatuses).isEqualTo(2);
    }

    @Test
    void forgedStatusesExpiryAndApprovalChangeNothingOnAnOpenOrderAndTheGenuineExpiryUnderTheForgedIdApplies() {
        String orderId = newOrderId("forged-open");
        String paymentKey = paymentKeyOf(orderId);
        double forgedExpiries = unauthenticated("payment.order.expire");
        // past its expiresAt already: a genuine expiry would cancel it at once
        send(event(orderId, issued(orderId, Instant.now().minus(Duration.ofMinutes(1)))));
        send(event(orderId, new CheckoutStarted(orderId, TOKEN)));

        send(forged(randomId(), done(orderId, paymentKey, PgStatus.Verification.LOOKUP)));
        send(forged(EventIds.status(orderId, "1"), done(orderId, paymentKey, PgStatus.Verification.LOOKUP)));
        send(forged(EventIds.confirmation(orderId), PgConfirmation.approved(orderId, paymentKey, null)));
        send(forged(EventIds.expire(orderId), new OrderExpire(orderId)));
        await().atMost(DECIDED).until(() -> timeline(orderId).size() == 6);

        assertThat(status(orderId)).isEqualTo("IN_PROGRESS");
        assertThat(timeline(orderId).subList(2, 6))
                .extracting(row -> row.toList().subList(1, 4))
                .containsOnly(List.of("REJECTED", UNAUTHENTICATED, "IN_PROGRESS"));
        assertThat(pg.lookupsByKey(paymentKey) + pg.lookupsByOrderId(orderId) + pg.confirmRequests(orderId))
                .isZero();
        assertThat(unauthenticated("payment.order.expire") - forgedExpiries).isOne();
        assertThat(completions(orderId)).isEmpty();

        send(authenticator.sign(expire(orderId, EventIds.expire(orderId))));

        await().atMost(DECIDED).until(() -> "CANCEL".equals(status(orderId)));
        await().atMost(DECIDED).until(() -> completions(orderId).size() == 1);
        assertThat(completions(orderId)).singleElement().satisfies(completion -> {
            assertThat(completion.data().status()).isEqualTo(OrderCompleted.Status.CANCEL);
            assertThat(completion.data().reason()).isEqualTo("EXPIRED");
        });
    }

    @Test
    void forgedEventsOfAnOrderNotIssuedYetAreRefusedAtOnceNotParked() {
        String orderId = newOrderId("forged-early");
        String paymentKey = paymentKeyOf(orderId);

        send(forged(EventIds.confirmation(orderId), PgConfirmation.approved(orderId, paymentKey, null)));
        send(forged(randomId(), done(orderId, paymentKey, PgStatus.Verification.LOOKUP)));
        await().atMost(DECIDED).until(() -> timeline(orderId).size() == 2);
        send(event(orderId, issued(orderId, Instant.now().plus(Duration.ofMinutes(30)))));
        await().atMost(DECIDED).until(() -> "PREPAY".equals(status(orderId)));

        assertThat(timeline(orderId))
                .containsExactly(
                        tuple("payment.pg.confirmation", "REJECTED", UNAUTHENTICATED, null),
                        tuple("payment.pg.status", "REJECTED", UNAUTHENTICATED, null),
                        tuple("payment.order.issued", "APPLIED", null, "PREPAY"));
        assertThat(jdbc.sql("SELECT count(*) FROM parked_events WHERE order_id = ?")
                        .param(orderId)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anEventSignedWithThePreviousKeyIsAcceptedInsideTheOverlapAndOneWithAnUnknownKeyIsNot() {
        String rotated = newOrderId("rotated");
        String forged = newOrderId("unknown-key");
        for (String orderId : List.of(rotated, forged)) {
            send(event(orderId, issued(orderId, Instant.now().minus(Duration.ofMinutes(1)))));
        }

        send(WorkerEvents.signedWith(PREVIOUS_KEY, expire(rotated, EventIds.expire(rotated))));
        send(WorkerEvents.signedWith(FORGERS_KEY, expire(forged, EventIds.expire(forged))));

        await().atMost(DECIDED).until(() -> "CANCEL".equals(status(rotated)));
        await().atMost(DECIDED).until(() -> timeline(forged).size() == 2);
        assertThat(timeline(forged).getLast().toList())
                .containsExactly("payment.order.expire", "REJECTED", UNAUTHENTICATED, "PREPAY");
        assertThat(status(forged)).isEqualTo("PREPAY");
    }

    @Test
    void aClaimedIdWithOtherContentIsRefusedAndCountedAndItsRepetitionIsADuplicate() {
        String orderId = newOrderId("reused");
        String paymentKey = paymentKeyOf(orderId);
        pg.approve(orderId);
        send(event(orderId, issued(orderId, Instant.now().plus(Duration.ofMinutes(30)))));
        send(event(orderId, PgResult.success(orderId, TOKEN, PgResult.Channel.REDIRECT, paymentKey, AMOUNT)));
        await().atMost(DECIDED).until(() -> "COMPLETE".equals(status(orderId)));
        double reused = counter("payments.worker.event_id_reused", "payment.pg.confirmation");

        // a worker's own refusal under the approval's id (a confirm redone with another answer), then the approval
        // again, as a relay that crashed after sending it would send it again
        send(authenticator.sign(CloudEvent.of(
                EventIds.confirmation(orderId),
                EventSources.WORKER,
                Instant.now(),
                PgConfirmation.rejected(orderId, paymentKey, "REJECT_CARD_PAYMENT", "refused"))));
        send(authenticator.sign(CloudEvent.of(
                EventIds.confirmation(orderId),
                EventSources.WORKER,
                Instant.now(),
                PgConfirmation.approved(
                        orderId, paymentKey, OffsetDateTime.parse(TossPgStub.APPROVED_AT), TossPgStub.CARD))));
        await().atMost(DECIDED).until(() -> timeline(orderId).size() == 5);

        assertThat(timeline(orderId).subList(3, 5))
                .containsExactly(
                        tuple("payment.pg.confirmation", "REJECTED", "EVENT_ID_REUSED", "COMPLETE"),
                        tuple("payment.pg.confirmation", "DUPLICATE", "SAME_EVENT", "COMPLETE"));
        assertThat(counter("payments.worker.event_id_reused", "payment.pg.confirmation") - reused)
                .isOne();
        assertThat(status(orderId)).isEqualTo("COMPLETE");
        assertThat(completions(orderId)).hasSize(1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static OrderIssued issued(String orderId, Instant expiresAt) {
        return new OrderIssued(orderId, AMOUNT, "KRW", "Coffee beans 1kg", TokenHash.of(TOKEN), expiresAt, null, null);
    }

    /** What a look-up of a paid payment would say, for the order's own amount. */
    private static PgStatus done(String orderId, String paymentKey, PgStatus.Verification verification) {
        return new PgStatus(
                orderId, paymentKey, "DONE", AMOUNT, OffsetDateTime.parse(TossPgStub.APPROVED_AT), verification, null);
    }

    private static CloudEvent<OrderExpire> expire(String orderId, String id) {
        return CloudEvent.of(id, EventSources.WORKER, Instant.now(), new OrderExpire(orderId));
    }

    /** A shop's event, under a fresh id. */
    private static CloudEvent<EventData> event(String orderId, EventData data) {
        return CloudEvent.of(orderId + ":" + randomId(), "/shop", Instant.now(), data);
    }

    /** The worker's own event type, written by somebody else: no proof, posing as the worker. */
    private static CloudEvent<EventData> forged(String id, EventData data) {
        return CloudEvent.of(id, EventSources.WORKER, Instant.now(), data);
    }

    private static String randomId() {
        return UUID.randomUUID().toString();
    }

    /** Written to payments.order-events like any producer does, acknowledged before the next one. */
    private void send(CloudEvent<?> event) {
        try {
            shop.send(new ProducerRecord<>(Topics.ORDER_EVENTS, event.subject(), json.writeValueAsBytes(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take the record", e);
        }
    }

    private String status(String orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE order_id = ?")
                .param(orderId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /** The order's timeline as (type, result, reason, status) rows, oldest first. */
    private List<org.assertj.core.groups.Tuple> timeline(String orderId) {
        return jdbc.sql("SELECT event_type, result, reason, status FROM order_timeline WHERE order_id = ? ORDER BY id")
                .param(orderId)
                .query((rs, row) -> tuple(
                        rs.getString("event_type"),
                        rs.getString("result"),
                        rs.getString("reason"),
                        rs.getString("status")))
                .list();
    }

    private String eventIdOfLastRow(String orderId) {
        return jdbc.sql("SELECT event_id FROM order_timeline WHERE order_id = ? ORDER BY id DESC LIMIT 1")
                .param(orderId)
                .query(String.class)
                .single();
    }

    private List<CloudEvent<OrderCompleted>> completions(String orderId) {
        return TopicEvents.of(json, Topics.COMPLETIONS, orderId, OrderCompleted.class);
    }

    private double unauthenticated(String type) {
        return counter("payments.worker.unauthenticated_events", type);
    }

    private double counter(String name, String type) {
        Counter counter = meters.find(name).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }
}
