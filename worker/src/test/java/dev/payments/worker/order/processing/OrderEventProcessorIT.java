package dev.payments.worker.order.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.Topics;
import dev.payments.schemas.VirtualAccount;
import dev.payments.support.secrets.SecretsGuard;
import dev.payments.worker.WorkerApplication;
import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.expiry.ExpirySweeper;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.testing.OutboxRow;
import dev.payments.worker.testing.WorkerEvents;
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
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
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
            // the sweeper runs only when a test calls it
            "payments.expiry.sweep-interval=1h",
            "payments.reconcile.enabled=false",
            "payments.park-sweep-interval=1h",
            // a rotation whose overlap is over: events signed with the previous key are no longer a worker's
            "payments.worker.previous-event-key=" + OrderEventProcessorIT.ROTATED_OUT_KEY,
            "payments.worker.previous-event-key-until=2026-01-01T00:00:00Z"
        })
@ActiveProfiles(SecretsGuard.LOCAL_PROFILE)
class OrderEventProcessorIT {

    static final String ROTATED_OUT_KEY = "the-rotated-out-worker-event-key-0123456789";

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
    EventAuthenticator authenticator;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ExpirySweeper expirySweeper;

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
        assertThat(claimed(orderId + ":checkout"))
                .as("a rejected event claims no id")
                .isZero();
    }

    @Test
    void aRejectedEventClaimsNoIdSoTheGenuineEventUnderThatIdStillApplies() {
        String orderId = newOrderId();
        processor.process(List.of(record(orderId, "issued", issued(orderId))));

        processor.process(List.of(record(orderId, "checkout", new CheckoutStarted(orderId, "someone-elses-token"))));
        processor.process(List.of(record(orderId, "checkout", new CheckoutStarted(orderId, TOKEN))));

        assertThat(status(orderId)).isEqualTo("IN_PROGRESS");
        assertThat(timeline(orderId)).containsExactly("APPLIED null", "REJECTED TOKEN_MISMATCH", "APPLIED null");
        assertThat(claimed(orderId + ":checkout")).isOne();
    }

    @Test
    void theSameIdWithOtherContentIsRefusedAndCountedAndTheSameContentIsADuplicate() {
        String orderId = newOrderId();
        double reusedBefore = counter("payments.worker.event_id_reused", "payment.checkout.started");
        processor.process(List.of(record(orderId, "first", issued(orderId))));

        processor.process(List.of(
                // the shop's retry of the issuance under its id, with a later expiresAt: the same event
                record(orderId, "first", issued(orderId)),
                record(orderId, "first", new CheckoutStarted(orderId, TOKEN))));

        assertThat(status(orderId)).isEqualTo("PREPAY");
        assertThat(timeline(orderId))
                .containsExactly("APPLIED null", "DUPLICATE SAME_EVENT", "REJECTED EVENT_ID_REUSED");
        assertThat(counter("payments.worker.event_id_reused", "payment.checkout.started") - reusedBefore)
                .isOne();
    }

    @Test
    void aParkedIdReusedWithOtherContentIsRefusedNotTakenForARedelivery() {
        String orderId = newOrderId();
        processor.process(List.of(record(orderId, "early", new CheckoutStarted(orderId, TOKEN))));

        processor.process(List.of(
                record(orderId, "early", new CheckoutStarted(orderId, TOKEN)),
                record(orderId, "early", success(orderId, 15_000))));

        assertThat(timeline(orderId))
                .containsExactly("PARKED null", "DUPLICATE SAME_EVENT", "REJECTED EVENT_ID_REUSED");
        assertThat(count("parked_events", orderId)).isOne();
    }

    @Test
    void aWorkersEventWithoutProofIsRefusedCountedAndNeverParkedEvenForAnUnknownOrder() {
        String orderId = newOrderId();
        double before = counter("payments.worker.unauthenticated_events", "payment.pg.confirmation");

        processor.process(List.of(record(
                orderId, "confirmation", PgConfirmation.approved(orderId, "pay-" + orderId, OffsetDateTime.now()))));

        assertThat(timeline(orderId)).containsExactly("REJECTED UNAUTHENTICATED_EVENT");
        assertThat(count("parked_events", orderId)).isZero();
        assertThat(claimed(orderId + ":confirmation")).isZero();
        assertThat(counter("payments.worker.unauthenticated_events", "payment.pg.confirmation") - before)
                .isOne();
    }

    @Test
    void anEventSignedWithAKeyWhoseOverlapIsOverIsRefused() {
        String orderId = newOrderId();
        processor.process(
                List.of(record(orderId, "issued", issued(orderId, Instant.now().minusSeconds(60)))));
        CloudEvent<OrderExpire> expire =
                CloudEvent.of(EventIds.expire(orderId), EventSources.WORKER, Instant.now(), new OrderExpire(orderId));

        processor.process(List.of(record(orderId, WorkerEvents.signedWith(ROTATED_OUT_KEY, expire))));
        assertThat(status(orderId)).isEqualTo("PREPAY");

        processor.process(List.of(record(orderId, authenticator.sign(expire))));
        assertThat(status(orderId)).isEqualTo("CANCEL");
        assertThat(timeline(orderId))
                .containsExactly("APPLIED null", "REJECTED UNAUTHENTICATED_EVENT", "APPLIED EXPIRED");
    }

    @Test
    void anExpiryRefusedAsTooEarlyClaimsNoIdAndTheSweepersLaterOneCountsOnALaggingClock() {
        String orderId = newOrderId();
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(30));
        processor.process(List.of(record(orderId, "issued", issued(orderId, expiresAt))));

        processor.process(List.of(record(orderId, expiry(orderId, Instant.now()))));
        // sent again under the same id, stamped by a database whose clock has passed expiresAt; ours has not
        processor.process(List.of(record(orderId, expiry(orderId, expiresAt.plusSeconds(1)))));

        assertThat(status(orderId)).isEqualTo("CANCEL");
        assertThat(timeline(orderId)).containsExactly("APPLIED null", "REJECTED NOT_EXPIRED", "APPLIED EXPIRED");
        assertThat(claimed(EventIds.expire(orderId))).isOne();
    }

    @Test
    void aHintLooksUpTheOrdersOwnPaymentWhateverPaymentItNames() {
        String paid = newOrderId();
        String open = newOrderId();
        processor.process(List.of(
                record(paid, "issued", issued(paid)),
                record(paid, "success", success(paid, 15_000)),
                record(open, "issued", issued(open))));

        processor.process(List.of(
                record(paid, "hint", hint(paid, "somebody-elses-payment")),
                record(open, "hint", hint(open, "somebody-elses-payment"))));

        assertThat(timeline(paid)).endsWith("REJECTED UNVERIFIED");
        assertThat(timeline(open)).endsWith("REJECTED UNVERIFIED");
        assertThat(lookedUpPaymentKey(paid)).isEqualTo("pay-" + paid);
        assertThat(lookedUpPaymentKey(open))
                .as("no payment recorded: by orderId")
                .isNull();
        assertThat(count("pg_status_checks", open)).isOne();
    }

    @Test
    void thePgsApprovalForAnotherAmountFailsTheOrderAsAMoneyAnomalyNotAsATamperedRedirect() {
        String orderId = newOrderId();
        double before = anomalies("PG_AMOUNT_MISMATCH");

        processor.process(List.of(
                record(orderId, "issued", issued(orderId)),
                record(orderId, "checkout", new CheckoutStarted(orderId, TOKEN)),
                workerRecord(orderId, "lookup", lookup(orderId, "DONE", 14_000L))));

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
        processor.process(List.of(workerRecord(orderId, "lookup", lookup(orderId, "DONE", 15_000L))));

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
                workerRecord(
                        orderId,
                        "confirmation",
                        PgConfirmation.approved(
                                orderId, "pay-" + orderId, OffsetDateTime.parse("2026-11-23T19:15:31+09:00")))));
        assertThat(status(orderId)).isEqualTo("COMPLETE");

        processor.process(List.of(workerRecord(orderId, "lookup", lookup(orderId, pgStatus, 15_000L))));

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

    @Test
    void aConfirmationAwaitingADepositKeepsTheAccountAndTellsTheShopWhereToPayButCompletesNothing() {
        String orderId = newOrderId();
        OffsetDateTime dueDate = OffsetDateTime.now().plusDays(3).withNano(0);
        processor.process(List.of(
                record(orderId, "issued", issued(orderId)), record(orderId, "success", success(orderId, 15_000))));

        processor.process(List.of(workerRecord(orderId, "confirmation", awaitingDeposit(orderId, dueDate))));
        // the relay's redelivery, and the same answer under another id
        processor.process(List.of(
                workerRecord(orderId, "confirmation", awaitingDeposit(orderId, dueDate)),
                workerRecord(orderId, "confirmation-again", awaitingDeposit(orderId, dueDate))));

        assertThat(status(orderId)).isEqualTo("AWAITING_DEPOSIT");
        assertThat(timeline(orderId)).endsWith("APPLIED null", "DUPLICATE SAME_EVENT", "DUPLICATE SAME_STATE");
        assertThat(jdbc.sql(
                                "SELECT method || ' ' || va_bank_code || ' ' || va_account_number || ' ' || va_customer_name"
                                        + " || ' ' || deposit_secret_hash FROM orders WHERE order_id = :orderId")
                        .param("orderId", orderId)
                        .query(String.class)
                        .single())
                .isEqualTo("가상계좌 20 X" + orderId.substring(5, 18) + " Kim Minji " + TokenHash.of(SECRET));
        assertThat(jdbc.sql("SELECT va_due_date FROM orders WHERE order_id = :orderId")
                        .param("orderId", orderId)
                        .query(OffsetDateTime.class)
                        .single())
                .isEqualTo(dueDate);
        assertThat(jdbc.sql("SELECT count(*) FROM orders o WHERE row_to_json(o)::text LIKE :secret")
                        .param("secret", "%" + SECRET + "%")
                        .query(Long.class)
                        .single())
                .as("the secret itself is kept nowhere")
                .isZero();
        List<JsonNode> records = completionsTopic(orderId);
        assertThat(records)
                .as("the awaiting-deposit record, once, and no completion")
                .singleElement()
                .satisfies(record -> {
                    assertThat(record.get("type").asString()).isEqualTo("payment.order.awaiting-deposit");
                    assertThat(record.get("id").asString()).isEqualTo(orderId + ":awaiting-deposit");
                    JsonNode data = record.get("data");
                    assertThat(data.get("orderId").asString()).isEqualTo(orderId);
                    assertThat(data.get("amount").asLong()).isEqualTo(15_000);
                    assertThat(data.get("bankCode").asString()).isEqualTo("20");
                    assertThat(data.get("accountNumber").asString()).isEqualTo("X" + orderId.substring(5, 18));
                    assertThat(data.get("customerName").asString()).isEqualTo("Kim Minji");
                    assertThat(OffsetDateTime.parse(data.get("dueDate").asString()))
                            .isEqualTo(dueDate);
                    assertThat(data.get("method").asString()).isEqualTo("가상계좌");
                    assertThat(data.get("paymentKey").asString()).isEqualTo("pay-" + orderId);
                    assertThat(data.has("secret")).isFalse();
                });
    }

    @Test
    void theDepositReadFromThePgCompletesTheOrderWithItsOneCompletion() {
        String orderId = awaitingDepositOrder(OffsetDateTime.now().plusDays(3));

        processor.process(List.of(workerRecord(orderId, "lookup", lookup(orderId, "DONE", 15_000L))));
        // the second deposit callback's look-up
        processor.process(List.of(workerRecord(orderId, "lookup-2", lookup(orderId, "DONE", 15_000L))));

        assertThat(status(orderId)).isEqualTo("COMPLETE");
        assertThat(timeline(orderId)).endsWith("APPLIED null", "DUPLICATE SAME_STATE");
        assertThat(completionsTopic(orderId))
                .extracting(record -> record.get("id").asString())
                .containsExactly(EventIds.awaitingDeposit(orderId), EventIds.completion(orderId));
        assertThat(completionsTopic(orderId).getLast().get("data").get("status").asString())
                .isEqualTo("COMPLETE");
    }

    @Test
    void aHintWithoutTheAccountsSecretIsRejectedAndCountedAndAsksThePgNothing() {
        String orderId = awaitingDepositOrder(OffsetDateTime.now().plusDays(3));
        double before = events("DEPOSIT_SECRET_MISMATCH");

        processor.process(List.of(record(orderId, "forged-callback", depositCallback(orderId, "ps_a-guess"))));

        assertThat(status(orderId)).isEqualTo("AWAITING_DEPOSIT");
        assertThat(timeline(orderId)).last().isEqualTo("REJECTED DEPOSIT_SECRET_MISMATCH");
        assertThat(count("pg_status_checks", orderId)).isZero();
        assertThat(events("DEPOSIT_SECRET_MISMATCH") - before).isOne();
        assertThat(completionsTopic(orderId)).hasSize(1);

        processor.process(List.of(record(orderId, "callback", depositCallback(orderId, SECRET))));

        assertThat(timeline(orderId)).last().isEqualTo("REJECTED UNVERIFIED");
        assertThat(lookedUpPaymentKey(orderId)).isEqualTo("pay-" + orderId);
    }

    @Test
    void theSweeperAsksForTheDeadlineOfAnOrderPastItsDueDateAndTheOrderWaitsForThePgsAnswer() {
        String orderId = awaitingDepositOrder(OffsetDateTime.now().minusMinutes(1));

        assertThat(expirySweeper.sweepOnce()).isPositive();
        List<OutboxRow> expiries = OutboxRow.of(jdbc, orderId).stream()
                .filter(row -> row.topic().equals(Topics.ORDER_EVENTS))
                .toList();
        assertThat(expiries).singleElement().satisfies(row -> assertThat(
                        row.event(json, OrderExpire.class).id())
                .isEqualTo(EventIds.depositExpire(orderId)));
        // the consumer reads it, and then the sweeper's repeat of it
        processor.process(List.of(record(expiries.getFirst()), record(expiries.getFirst())));

        assertThat(status(orderId)).isEqualTo("AWAITING_DEPOSIT");
        assertThat(timeline(orderId)).endsWith("APPLIED DEPOSIT_DEADLINE_PASSED", "DUPLICATE SAME_EVENT");
        assertThat(claimed(EventIds.depositExpire(orderId))).isOne();
        assertThat(completionsTopic(orderId))
                .as("no completion until the PG answers the cancel")
                .hasSize(1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static final String SECRET = "ps_secret-of-the-processor-it";

    /** An order whose confirm answered that the PG issued a virtual account due at {@code dueDate}. */
    private String awaitingDepositOrder(OffsetDateTime dueDate) {
        String orderId = newOrderId();
        processor.process(List.of(
                record(orderId, "issued", issued(orderId)),
                record(orderId, "success", success(orderId, 15_000)),
                workerRecord(orderId, "confirmation", awaitingDeposit(orderId, dueDate))));
        assertThat(status(orderId)).isEqualTo("AWAITING_DEPOSIT");
        return orderId;
    }

    private static PgConfirmation awaitingDeposit(String orderId, OffsetDateTime dueDate) {
        return PgConfirmation.awaitingDeposit(
                orderId,
                "pay-" + orderId,
                "가상계좌",
                new VirtualAccount("20", "X" + orderId.substring(5, 18), "Kim Minji", dueDate),
                SECRET);
    }

    /** A flat DEPOSIT_CALLBACK, as the edge publishes it: a hint naming no paymentKey, with the webhook's secret. */
    private static PgStatus depositCallback(String orderId, String secret) {
        return new PgStatus(
                orderId, null, "DONE", null, null, PgStatus.Verification.NONE, "tx-" + orderId, null, secret, null);
    }

    private IncomingRecord record(OutboxRow row) {
        return decoder.decode(new ConsumerRecord<>(
                Topics.ORDER_EVENTS,
                0,
                OFFSETS.incrementAndGet(),
                row.key().getBytes(StandardCharsets.UTF_8),
                row.payload()));
    }

    private double events(String reason) {
        Counter counter = meters.find("payments.worker.events")
                .tag("result", "REJECTED")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String newOrderId() {
        return "unit-" + UUID.randomUUID().toString().substring(0, 18);
    }

    private static OrderIssued issued(String orderId) {
        return issued(orderId, Instant.now().plus(Duration.ofMinutes(30)));
    }

    private static OrderIssued issued(String orderId, Instant expiresAt) {
        return new OrderIssued(orderId, 15_000, "KRW", "Coffee beans 1kg", TokenHash.of(TOKEN), expiresAt, null, null);
    }

    private CloudEvent<OrderExpire> expiry(String orderId, Instant time) {
        return authenticator.sign(
                CloudEvent.of(EventIds.expire(orderId), EventSources.WORKER, time, new OrderExpire(orderId)));
    }

    private static PgStatus hint(String orderId, String paymentKey) {
        return new PgStatus(orderId, paymentKey, "DONE", 15_000L, null, PgStatus.Verification.NONE, "tx-" + orderId);
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
        return record(orderId, CloudEvent.of(orderId + ":" + label, "/test", Instant.now(), data));
    }

    /** An event as a worker writes it: signed with the worker's key. */
    private IncomingRecord workerRecord(String orderId, String label, EventData data) {
        return record(
                orderId,
                authenticator.sign(CloudEvent.of(orderId + ":" + label, EventSources.WORKER, Instant.now(), data)));
    }

    private IncomingRecord record(String orderId, CloudEvent<?> event) {
        return decoder.decode(new ConsumerRecord<>(
                Topics.ORDER_EVENTS,
                0,
                OFFSETS.incrementAndGet(),
                orderId.getBytes(StandardCharsets.UTF_8),
                json.writeValueAsBytes(event)));
    }

    /** The order's timeline as "RESULT REASON" rows, oldest first. */
    private List<String> timeline(String orderId) {
        return jdbc.sql("SELECT result || ' ' || coalesce(reason, 'null') FROM order_timeline WHERE order_id = :orderId"
                        + " ORDER BY id")
                .param("orderId", orderId)
                .query(String.class)
                .list();
    }

    private long claimed(String eventId) {
        return jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = :eventId")
                .param("eventId", eventId)
                .query(Long.class)
                .single();
    }

    private String lookedUpPaymentKey(String orderId) {
        return jdbc.sql("SELECT payment_key FROM pg_status_checks WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private double counter(String name, String type) {
        Counter counter = meters.find(name).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
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
