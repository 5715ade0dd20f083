package dev.payments.worker.order.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.OrderAwaitingDeposit;
import dev.payments.schemas.OrderCompleted;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgRefund;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.RefundCompleted;
import dev.payments.schemas.RefundRequested;
import dev.payments.schemas.Topics;
import dev.payments.schemas.VirtualAccount;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventDecoderTest {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final EventDecoder DECODER = new EventDecoder(MAPPER);
    static final String ORDER_ID = "order-000001";
    static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");

    @Test
    void decodesAValidEventIntoItsTypedData() {
        var result = PgResult.success(ORDER_ID, "token", PgResult.Channel.REDIRECT, "pk_1", 15_000L);

        IncomingRecord decoded = DECODER.decode(record(ORDER_ID, json(result)));

        assertThat(decoded).isInstanceOfSatisfying(IncomingRecord.Event.class, e -> {
            assertThat(e.event().data()).isEqualTo(result);
            assertThat(e.event().id()).isEqualTo("evt-1");
            assertThat(e.event().time()).isEqualTo(NOW);
            assertThat(e.orderId()).isEqualTo(ORDER_ID);
        });
    }

    @Test
    void ignoresUnknownFields() {
        String withExtra = new String(json(issued()), StandardCharsets.UTF_8)
                .replace("\"currency\":\"KRW\"", "\"currency\":\"KRW\",\"loyaltyPoints\":12");

        assertThat(DECODER.decode(record(ORDER_ID, withExtra.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IncomingRecord.Event.class);
    }

    @Test
    void bytesThatAreNotJsonArePoison() {
        assertPoison(record(ORDER_ID, new byte[] {0, 1, 2, '{'}), "UNPARSEABLE");
    }

    @Test
    void emptyValueIsPoison() {
        assertPoison(record(ORDER_ID, new byte[0]), "EMPTY_VALUE");
    }

    @Test
    void schemaInvalidEventIsPoisonNamingTheField() {
        String invalid =
                new String(json(issued()), StandardCharsets.UTF_8).replace("\"amount\":15000", "\"amount\":-5");

        IncomingRecord decoded = DECODER.decode(record(ORDER_ID, invalid.getBytes(StandardCharsets.UTF_8)));

        assertThat(decoded).isInstanceOfSatisfying(IncomingRecord.Poison.class, p -> {
            assertThat(p.errorKind()).isEqualTo("SCHEMA_INVALID");
            assertThat(p.error()).contains("/data/amount");
        });
    }

    @Test
    void keyThatDiffersFromSubjectIsPoison() {
        assertPoison(record("order-999999", json(issued())), "KEY_SUBJECT_MISMATCH");
    }

    @Test
    void missingKeyIsPoison() {
        assertPoison(new ConsumerRecord<>(Topics.ORDER_EVENTS, 0, 7L, null, json(issued())), "NO_KEY");
    }

    @Test
    void completionOnTheInputTopicIsPoison() {
        var completed =
                new OrderCompleted(ORDER_ID, OrderCompleted.Status.COMPLETE, 15_000, "KRW", "pk", null, null, NOW);

        assertPoison(record(ORDER_ID, json(completed)), "UNKNOWN_TYPE");
    }

    @Test
    void anAwaitingDepositRecordOnTheInputTopicIsPoison() {
        var record = OrderAwaitingDeposit.of(
                ORDER_ID,
                15_000,
                "KRW",
                new VirtualAccount("20", "X1234567890123", "Kim", NOW.atOffset(ZoneOffset.UTC)),
                "가상계좌",
                "pk",
                NOW);

        assertPoison(record(ORDER_ID, json(record)), "UNKNOWN_TYPE");
    }

    @Test
    void refundRequestsAndRefundAnswersAreInputsAndARefundRecordIsNot() {
        assertThat(DECODER.decode(record(ORDER_ID, json(new RefundRequested(ORDER_ID, "r-1", null, "returned")))))
                .isInstanceOf(IncomingRecord.Event.class);
        assertThat(DECODER.decode(
                        record(ORDER_ID, json(PgRefund.failed(ORDER_ID, "r-1", "NOT_CANCELABLE_AMOUNT", "no")))))
                .isInstanceOf(IncomingRecord.Event.class);
        var record = new RefundCompleted(
                ORDER_ID, "r-1", RefundCompleted.Status.SUCCEEDED, 5_000, 5_000, "KRW", "returned", null, NOW);
        assertPoison(record(ORDER_ID, json(record)), "UNKNOWN_TYPE");
    }

    @Test
    void poisonKeepsTheOriginalBytesAndPosition() {
        byte[] value = "not json".getBytes(StandardCharsets.UTF_8);

        IncomingRecord decoded = DECODER.decode(record(ORDER_ID, value));

        assertThat(decoded).isInstanceOfSatisfying(IncomingRecord.Poison.class, p -> {
            assertThat(p.value()).isEqualTo(value);
            assertThat(p.key()).isEqualTo(ORDER_ID.getBytes(StandardCharsets.UTF_8));
            assertThat(p.offset()).isEqualTo(7L);
        });
    }

    private static void assertPoison(ConsumerRecord<byte[], byte[]> record, String kind) {
        assertThat(DECODER.decode(record))
                .isInstanceOfSatisfying(IncomingRecord.Poison.class, p -> assertThat(p.errorKind())
                        .isEqualTo(kind));
    }

    private static OrderIssued issued() {
        return new OrderIssued(ORDER_ID, 15_000, "KRW", "Coffee", "a".repeat(64), NOW, null, null);
    }

    private static byte[] json(EventData data) {
        return MAPPER.writeValueAsBytes(CloudEvent.of("evt-1", "/test", NOW, data));
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(Topics.ORDER_EVENTS, 0, 7L, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
