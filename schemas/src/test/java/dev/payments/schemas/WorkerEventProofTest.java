package dev.payments.schemas;

import static dev.payments.schemas.EventSchemaContractTest.MAPPER;
import static dev.payments.schemas.EventSchemaContractTest.NOW;
import static dev.payments.schemas.EventSchemaContractTest.ORDER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The canonical form a worker's proof covers, exactly as the class comment (the contract) writes it down. */
class WorkerEventProofTest {

    @Test
    void canonicalFormOfAnExpiryIsTheDocumentedLines() {
        CloudEvent<OrderExpire> expire =
                CloudEvent.of(EventIds.expire(ORDER_ID), EventSources.WORKER, NOW, new OrderExpire(ORDER_ID));

        assertThat(WorkerEventProof.canonicalForm(expire)).isEqualTo("""
                workerauth/v1
                id=17:order-0001:expire
                source=7:/worker
                type=20:payment.order.expire
                subject=10:order-0001
                time=24:2026-11-23T10:15:30.120Z
                data.orderId=10:order-0001
                """);
    }

    @Test
    void nullsBooleansAndMultiByteTextHaveTheirDocumentedForm() {
        PgConfirmation rejected = PgConfirmation.rejected(ORDER_ID, "pk_123", "REJECT_CARD_PAYMENT", "한도초과");

        assertThat(WorkerEventProof.canonicalData(rejected)).isEqualTo("""
                data.orderId=10:order-0001
                data.paymentKey=6:pk_123
                data.approved=5:false
                data.approvedAt=~
                data.code=19:REJECT_CARD_PAYMENT
                data.message=12:한도초과
                data.method=~
                data.awaitingDeposit=~
                data.bankCode=~
                data.accountNumber=~
                data.customerName=~
                data.dueDate=~
                data.secret=~
                """);
    }

    @Test
    void aTimeIsTheInstantItNamesWhateverItsOffset() {
        OffsetDateTime korean = OffsetDateTime.parse("2026-11-23T19:15:31+09:00");
        OffsetDateTime utc = OffsetDateTime.parse("2026-11-23T10:15:31Z");

        String canonical = WorkerEventProof.canonicalData(PgConfirmation.approved(ORDER_ID, "pk_123", korean));

        assertThat(canonical)
                .isEqualTo(WorkerEventProof.canonicalData(PgConfirmation.approved(ORDER_ID, "pk_123", utc)))
                .contains("data.approvedAt=20:2026-11-23T10:15:31Z\n");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeHasACanonicalFormCoveringEveryField(EventType type) {
        EventData data = EventSchemaContractTest.examples().get(type);
        CloudEvent<EventData> event = CloudEvent.of("evt-1", EventSources.WORKER, NOW, data);

        String canonical = WorkerEventProof.canonicalForm(event);

        List<String> dataLines = Arrays.stream(type.dataType().getRecordComponents())
                .map(component -> "data." + component.getName() + "=")
                .toList();
        assertThat(canonical.lines().filter(line -> line.startsWith("data.")))
                .hasSize(dataLines.size())
                .allSatisfy(line -> assertThat(dataLines).anyMatch(line::startsWith));
        assertThat(canonical).endsWith(WorkerEventProof.canonicalData(data));
    }

    @Test
    void aChangeToAnyEnvelopeFieldOrToTheDataChangesTheCanonicalForm() {
        String id = EventIds.status(ORDER_ID, "1");
        String type = EventType.PG_STATUS.type();
        PgStatus done = lookup("pk_123", "DONE", 15_000L);
        String canonical = canonical(id, EventSources.WORKER, type, ORDER_ID, NOW, done);

        assertThat(List.of(
                        canonical("other-id", EventSources.WORKER, type, ORDER_ID, NOW, done),
                        canonical(id, "/shop", type, ORDER_ID, NOW, done),
                        canonical(id, EventSources.WORKER, "payment.pg.result", ORDER_ID, NOW, done),
                        canonical(id, EventSources.WORKER, type, "order-0002", NOW, done),
                        canonical(id, EventSources.WORKER, type, ORDER_ID, NOW.plusMillis(1), done),
                        canonical(id, EventSources.WORKER, type, ORDER_ID, NOW, lookup("pk_123", "DONE", 15_001L)),
                        // a value cannot end its own line early and pass for the next field
                        canonical(
                                id,
                                EventSources.WORKER,
                                type,
                                ORDER_ID,
                                NOW,
                                lookup("pk_123\ndata.status=4:DONE", null, 15_000L))))
                .doesNotContain(canonical);
    }

    private static PgStatus lookup(String paymentKey, String status, long amount) {
        return new PgStatus(ORDER_ID, paymentKey, status, amount, null, PgStatus.Verification.LOOKUP, null);
    }

    private static String canonical(
            String id, String source, String type, String subject, Instant time, PgStatus data) {
        return WorkerEventProof.canonicalForm(new CloudEvent<>(
                CloudEvent.SPEC_VERSION, id, source, type, subject, time, CloudEvent.CONTENT_TYPE, data, null));
    }

    @Test
    void theProofItselfIsNotPartOfWhatItCovers() {
        CloudEvent<OrderExpire> expire = CloudEvent.of("evt-1", EventSources.WORKER, NOW, new OrderExpire(ORDER_ID));

        assertThat(WorkerEventProof.canonicalForm(expire.withWorkerauth("v1:anything")))
                .isEqualTo(WorkerEventProof.canonicalForm(expire));
    }

    @Test
    void theCanonicalFormOfAnEventReadBackFromJsonIsTheSame() {
        CloudEvent<PgConfirmation> sent = CloudEvent.of(
                EventIds.confirmation(ORDER_ID),
                EventSources.WORKER,
                NOW,
                PgConfirmation.approved(ORDER_ID, "pk_123", OffsetDateTime.parse("2026-11-23T19:15:31.5+09:00")));

        CloudEvent<PgConfirmation> read = MAPPER.readValue(
                MAPPER.writeValueAsBytes(sent),
                MAPPER.getTypeFactory().constructParametricType(CloudEvent.class, PgConfirmation.class));

        assertThat(WorkerEventProof.canonicalForm(read)).isEqualTo(WorkerEventProof.canonicalForm(sent));
    }

    @Test
    void theWorkersOwnWordNeedsProofAndAHintOrAShopsEventDoesNot() {
        assertThat(WorkerEventProof.requiredFor(PgConfirmation.approved(ORDER_ID, "pk_123", null)))
                .isTrue();
        assertThat(WorkerEventProof.requiredFor(new OrderExpire(ORDER_ID))).isTrue();
        for (PgStatus.Verification verification : PgStatus.Verification.values()) {
            assertThat(WorkerEventProof.requiredFor(
                            new PgStatus(ORDER_ID, "pk_123", "DONE", 15_000L, null, verification, null)))
                    .as("payment.pg.status verified by %s", verification)
                    .isEqualTo(verification != PgStatus.Verification.NONE);
        }
        for (EventType type : List.of(
                EventType.ORDER_ISSUED, EventType.CHECKOUT_STARTED, EventType.PG_RESULT, EventType.ORDER_COMPLETED)) {
            assertThat(WorkerEventProof.requiredFor(
                            EventSchemaContractTest.examples().get(type)))
                    .as(type.type())
                    .isFalse();
        }
    }
}
