package dev.payments.worker.order.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.Topics;
import dev.payments.worker.WorkerApplication;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.testing.OutboxRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer's unit of work on a real PostgreSQL, the whole worker context without its Kafka listener, relay,
 * dispatchers or sweeps: records go through the real decoder and processor, and the test reads the tables. What one
 * batch decides is written all at once, or not at all.
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

    @Autowired
    MeterRegistry meters;

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

    @Test
    void thePgsApprovalForAnotherAmountFailsTheOrderAsAMoneyAnomalyNotAsATamperedRedirect() {
        String orderId = newOrderId();
        double before = anomalies("PG_AMOUNT_MISMATCH");

        processor.process(List.of(
                record(orderId, "issued", issued(orderId)),
                record(orderId, "checkout", new CheckoutStarted(orderId, TOKEN)),
                record(orderId, "lookup", lookup(orderId, "DONE", 14_000L))));

        assertThat(status(orderId)).isEqualTo("FAIL");
        assertThat(reason(orderId)).isEqualTo("PG_AMOUNT_MISMATCH");
        assertThat(timelineReasons(orderId)).last().isEqualTo("APPLIED PG_AMOUNT_MISMATCH");
        assertThat(anomalies("PG_AMOUNT_MISMATCH") - before).isOne();
        assertThat(completionsTopic(orderId))
                .as("the order's one completion, and no anomaly record: the order did not complete")
                .extracting(record -> record.get("type").asString())
                .containsExactly("payment.order.completed");
    }

    @Test
    void anApprovalOfACancelledOrderIsReportedAndTheOrderStaysCancelled() {
        String orderId = newOrderId();
        double before = anomalies("APPROVED_AFTER_END");
        double lateBefore = lateEvents();

        processor.process(List.of(
                record(orderId, "issued", issued(orderId)),
                record(
                        orderId,
                        "cancelled",
                        PgResult.failure(
                                orderId, PgResult.Outcome.CANCEL, TOKEN, PgResult.Channel.REDIRECT, null, null))));
        processor.process(List.of(record(orderId, "lookup", lookup(orderId, "DONE", 15_000L))));

        assertThat(status(orderId)).isEqualTo("CANCEL");
        assertThat(timelineReasons(orderId)).last().isEqualTo("REJECTED APPROVED_AFTER_END");
        assertThat(anomalies("APPROVED_AFTER_END") - before).isOne();
        assertThat(lateEvents()).as("not a harmless late event").isEqualTo(lateBefore);
        assertThat(completionsTopic(orderId))
                .extracting(record -> record.get("type").asString())
                .containsExactly("payment.order.completed");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"CANCELED, CANCELED_AT_PG", "PARTIAL_CANCELED, CANCELED_AT_PG", "WAITING_FOR_DEPOSIT, DEPOSIT_REVERSED"
    })
    void moneyMovingForACompletedOrderIsReportedToTheShopAndTheOrderStaysComplete(String pgStatus, String anomaly) {
        String orderId = newOrderId();
        double before = anomalies(anomaly);
        processor.process(List.of(
                record(orderId, "issued", issued(orderId)),
                record(orderId, "success", success(orderId, 15_000)),
                record(
                        orderId,
                        "confirmation",
                        PgConfirmation.approved(
                                orderId, "pay-" + orderId, OffsetDateTime.parse("2026-11-23T19:15:31+09:00")))));
        assertThat(status(orderId)).isEqualTo("COMPLETE");

        processor.process(List.of(record(orderId, "lookup", lookup(orderId, pgStatus, 15_000L))));

        assertThat(status(orderId)).isEqualTo("COMPLETE");
        assertThat(timelineReasons(orderId)).last().isEqualTo("REJECTED " + anomaly);
        assertThat(anomalies(anomaly) - before).isOne();
        List<JsonNode> records = completionsTopic(orderId);
        assertThat(records)
                .extracting(record -> record.get("type").asString())
                .containsExactly("payment.order.completed", "payment.order.anomaly");
        JsonNode record = records.get(1);
        assertThat(record.get("id").asString()).isEqualTo(EventIds.anomaly(orderId, anomaly));
        assertThat(record.get("subject").asString()).isEqualTo(orderId);
        JsonNode data = record.get("data");
        assertThat(data.get("orderId").asString()).isEqualTo(orderId);
        assertThat(data.get("reason").asString()).isEqualTo(anomaly);
        assertThat(data.get("amount").asLong()).isEqualTo(15_000);
        assertThat(data.get("currency").asString()).isEqualTo("KRW");
        assertThat(data.get("paymentKey").asString()).isEqualTo("pay-" + orderId);
        assertThat(data.get("pgStatus").asString()).isEqualTo(pgStatus);
        assertThat(data.get("pgAmount").asLong()).isEqualTo(15_000);
        assertThat(data.has("detectedAt")).isTrue();
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

    /** The PG's word as the worker's own look-up read it. */
    private static PgStatus lookup(String orderId, String status, long totalAmount) {
        return new PgStatus(
                orderId,
                "pay-" + orderId,
                status,
                totalAmount,
                OffsetDateTime.parse("2026-11-23T19:15:31+09:00"),
                PgStatus.Verification.LOOKUP,
                null);
    }

    private double anomalies(String reason) {
        Counter counter = meters.find("payments.worker.money_anomalies")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double lateEvents() {
        return meters.find("payments.worker.late_events").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private List<JsonNode> completionsTopic(String orderId) {
        return OutboxRow.payloads(jdbc, Topics.COMPLETIONS, orderId).stream()
                .map(json::readTree)
                .toList();
    }

    private String reason(String orderId) {
        return jdbc.sql("SELECT reason FROM orders WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query(String.class)
                .single();
    }

    private List<String> timelineReasons(String orderId) {
        return jdbc.sql("SELECT result || ' ' || coalesce(reason, '') FROM order_timeline WHERE order_id = :orderId"
                        + " ORDER BY id")
                .param("orderId", orderId)
                .query(String.class)
                .list();
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
