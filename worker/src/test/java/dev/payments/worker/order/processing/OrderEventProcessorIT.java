package dev.payments.worker.order.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.Topics;
import dev.payments.support.secrets.SecretsGuard;
import dev.payments.worker.WorkerApplication;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.testing.OutboxRow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer's unit of work on a real PostgreSQL, the whole worker context without its Kafka listener, relay,
 * dispatchers or sweeps: records go through the real decoder and processor, and the test reads the tables. What one
 * batch decides is written all at once, or not at all. The {@code local} profile gives it worker-local.yml's keys.
 */
@SpringBootTest(
        classes = WorkerApplication.class,
        properties = {
            "spring.config.name=worker",
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            // no broker in this test: nothing may connect to one
            "spring.kafka.bootstrap-servers=localhost:1",
            "spring.kafka.listener.auto-startup=false",
            "spring.kafka.admin.auto-create=false",
            "management.health.kafka.enabled=false",
            "payments.outbox.enabled=false",
            "payments.pg.confirm.enabled=false",
            "payments.pg.status-check.enabled=false",
            "payments.expiry.enabled=false",
            "payments.reconcile.enabled=false",
            "payments.park-sweep-interval=1h"
        })
@ActiveProfiles(SecretsGuard.LOCAL_PROFILE)
class OrderEventProcessorIT {

    private static final String JDBC_URL = TestDatabases.fresh("order_event_processor_it");
    private static final String TOKEN = "buyer-token";
    private static final AtomicLong OFFSETS = new AtomicLong();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
    }

    @Autowired
    OrderEventProcessor processor;

    @Autowired
    ParkedEventExpiry parkedEventExpiry;

    @Autowired
    EventDecoder decoder;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPaidOrderIsDecidedInOneBatchWithItsConfirmJobAndNoCompletionYet() {
        String orderId = newOrderId();

        processor.process(List.of(
                record(orderId, "issued", issued(orderId)),
                record(orderId, "checkout", new CheckoutStarted(orderId, TOKEN)),
                record(orderId, "success", success(orderId, 15_000))));

        assertThat(status(orderId)).isEqualTo("SUCCESS");
        assertThat(timelineResults(orderId)).containsExactly("APPLIED", "APPLIED", "APPLIED");
        assertThat(count("pg_confirmations", orderId)).isOne();
        assertThat(OutboxRow.payloads(jdbc, Topics.COMPLETIONS, orderId)).isEmpty();
    }

    @Test
    void anOrderThatEndsWritesItsOneCompletionToTheOutbox() {
        String orderId = newOrderId();

        processor.process(
                List.of(record(orderId, "issued", issued(orderId)), record(orderId, "tampered", success(orderId, 1))));
        processor.process(List.of(record(orderId, "tampered-again", success(orderId, 1))));

        assertThat(status(orderId)).isEqualTo("FAIL");
        assertThat(OutboxRow.payloads(jdbc, Topics.COMPLETIONS, orderId))
                .singleElement()
                .satisfies(
                        payload -> assertThat(json.readTree(payload).get("id").asString())
                                .isEqualTo(EventIds.completion(orderId)));
        assertThat(count("pg_confirmations", orderId)).isZero();
    }

    @Test
    void eventsParkedAndIssuedInOneBatchAreAppliedWithoutEverBeingStored() {
        String orderId = newOrderId();

        processor.process(List.of(
                record(orderId, "checkout", new CheckoutStarted(orderId, TOKEN)),
                record(orderId, "issued", issued(orderId))));

        assertThat(status(orderId)).isEqualTo("IN_PROGRESS");
        assertThat(timelineResults(orderId)).containsExactly("PARKED", "APPLIED", "APPLIED");
        assertThat(count("parked_events", orderId)).isZero();
    }

    @Test
    void eventsParkedInAnEarlierBatchAreAppliedInArrivalOrderWhenTheOrderArrives() {
        String orderId = newOrderId();
        processor.process(List.of(record(orderId, "checkout", new CheckoutStarted(orderId, TOKEN))));
        processor.process(List.of(record(orderId, "success", success(orderId, 15_000))));
        assertThat(count("parked_events", orderId)).isEqualTo(2);

        processor.process(List.of(record(orderId, "issued", issued(orderId))));

        assertThat(status(orderId)).isEqualTo("SUCCESS");
        assertThat(timelineResults(orderId)).containsExactly("PARKED", "PARKED", "APPLIED", "APPLIED", "APPLIED");
        assertThat(count("parked_events", orderId)).isZero();
        assertThat(count("pg_confirmations", orderId)).isOne();
    }

    @Test
    void aBatchWhoseLastWriteFailsWritesNothingAtAll() {
        // the outbox, written last, refuses this one order's completion: a failure at the end of the unit of work
        jdbc.sql("""
                        CREATE OR REPLACE FUNCTION refuse_poisoned_outbox_rows() RETURNS trigger AS $$
                        BEGIN
                          IF convert_from(NEW.message_key, 'UTF8') LIKE 'poisoned-%' THEN
                            RAISE EXCEPTION 'injected outbox failure';
                          END IF;
                          RETURN NEW;
                        END $$ LANGUAGE plpgsql""").update();
        jdbc.sql("""
                        CREATE OR REPLACE TRIGGER refuse_poisoned_outbox_rows BEFORE INSERT ON outbox_messages
                        FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_outbox_rows()""").update();
        String good = newOrderId();
        String poisoned = "poisoned-" + newOrderId();

        assertThatThrownBy(() -> processor.process(List.of(
                        record(good, "issued", issued(good)),
                        record(good, "checkout", new CheckoutStarted(good, TOKEN)),
                        record(poisoned, "issued", issued(poisoned)),
                        record(poisoned, "tampered", success(poisoned, 1)))))
                .hasStackTraceContaining("injected outbox failure");

        for (String orderId : List.of(good, poisoned)) {
            assertThat(status(orderId)).as("order %s", orderId).isNull();
            assertThat(timelineResults(orderId)).as("timeline of %s", orderId).isEmpty();
            assertThat(count("processed_events", orderId))
                    .as("event log of %s", orderId)
                    .isZero();
        }
        assertThat(OutboxRow.payloads(jdbc, Topics.COMPLETIONS, poisoned)).isEmpty();
    }

    @Test
    void aParkedEventTheSweepRejectedFirstIsNotAppliedByALateBatch() {
        String orderId = newOrderId();
        processor.process(List.of(record(orderId, "checkout", new CheckoutStarted(orderId, TOKEN))));
        // the sweep decides it (as if the park TTL had passed)
        jdbc.sql("UPDATE parked_events SET parked_at = now() - interval '1 day' WHERE order_id = :orderId")
                .param("orderId", orderId)
                .update();
        assertThat(parkedEventExpiry.expireOnce()).isGreaterThanOrEqualTo(1);
        assertThat(timelineResults(orderId)).containsExactly("PARKED", "REJECTED");

        processor.process(List.of(record(orderId, "issued", issued(orderId))));

        assertThat(status(orderId)).as("the rejected checkout is not applied").isEqualTo("PREPAY");
        assertThat(timelineResults(orderId)).containsExactly("PARKED", "REJECTED", "APPLIED");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static String newOrderId() {
        return "unit-" + UUID.randomUUID().toString().substring(0, 18);
    }

    private static OrderIssued issued(String orderId) {
        return new OrderIssued(
                orderId,
                15_000,
                "KRW",
                "Coffee beans 1kg",
                TokenHash.of(TOKEN),
                Instant.now().plus(Duration.ofMinutes(30)),
                null,
                null);
    }

    private static PgResult success(String orderId, long amount) {
        return new PgResult(
                orderId,
                PgResult.Outcome.SUCCESS,
                TOKEN,
                PgResult.Channel.REDIRECT,
                "pay-" + orderId,
                amount,
                null,
                null);
    }

    private IncomingRecord record(String orderId, String label, EventData data) {
        byte[] value = json.writeValueAsBytes(CloudEvent.of(orderId + ":" + label, "/test", Instant.now(), data));
        return decoder.decode(new ConsumerRecord<>(
                Topics.ORDER_EVENTS, 0, OFFSETS.incrementAndGet(), orderId.getBytes(StandardCharsets.UTF_8), value));
    }

    private String status(String orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private List<String> timelineResults(String orderId) {
        return jdbc.sql("SELECT result FROM order_timeline WHERE order_id = :orderId ORDER BY id")
                .param("orderId", orderId)
                .query(String.class)
                .list();
    }

    private long count(String table, String orderId) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query(Long.class)
                .single();
    }
}
