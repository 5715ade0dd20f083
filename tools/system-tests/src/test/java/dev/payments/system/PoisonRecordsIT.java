package dev.payments.system;

import static dev.payments.system.Fixtures.checkout;
import static dev.payments.system.Fixtures.issued;
import static dev.payments.system.Fixtures.newOrderId;
import static dev.payments.system.Fixtures.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.Topics;
import dev.payments.testsupport.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Records the worker cannot apply go to the DLT with the reason, and the partition keeps flowing. */
class PoisonRecordsIT extends SystemTestBase {

    enum Poison {
        UNPARSEABLE_BYTES("UNPARSEABLE"),
        SCHEMA_INVALID_JSON("SCHEMA_INVALID"),
        KEY_NOT_SUBJECT("KEY_SUBJECT_MISMATCH"),
        UNKNOWN_TYPE("UNKNOWN_TYPE"),
        NOT_UTF8_KEY("KEY_NOT_UTF8"),
        /** Valid by its schema, refused by PostgreSQL (text cannot hold NUL): the batch falls back to one by one. */
        NUL_IN_TEXT("PROCESSING_FAILED");

        final String reason;

        Poison(String reason) {
            this.reason = reason;
        }
    }

    @ParameterizedTest
    @EnumSource(Poison.class)
    void poisonGoesToTheDeadLetterTopicWhileAnotherOrderOnItsPartitionCompletes(Poison kind) {
        String poisonKey = newOrderId("poison");
        String goodOrder = Partitions.orderIdOnPartitionOf(poisonKey, "neighbour");
        byte[] key = poisonKey.getBytes(StandardCharsets.UTF_8);
        byte[] value =
                switch (kind) {
                    case UNPARSEABLE_BYTES -> ("\u0000{not json " + poisonKey).getBytes(StandardCharsets.UTF_8);
                    case SCHEMA_INVALID_JSON ->
                        new String(ShopProducer.bytes(issued(poisonKey)), StandardCharsets.UTF_8)
                                .replace("\"currency\":\"KRW\"", "\"currency\":\"USD\"")
                                .getBytes(StandardCharsets.UTF_8);
                    case KEY_NOT_SUBJECT -> ShopProducer.bytes(issued(newOrderId("other")));
                    case UNKNOWN_TYPE ->
                        new String(ShopProducer.bytes(issued(poisonKey)), StandardCharsets.UTF_8)
                                .replace("payment.order.issued", "payment.order.teleported")
                                .getBytes(StandardCharsets.UTF_8);
                    case NOT_UTF8_KEY -> ShopProducer.bytes(issued(poisonKey));
                    case NUL_IN_TEXT -> ShopProducer.bytes(issued(poisonKey, Fixtures.AMOUNT, "Coffee\u0000beans"));
                };
        if (kind == Poison.NOT_UTF8_KEY) {
            key = new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
        }

        shop.send(issued(goodOrder));
        shop.sendRaw(key, value);
        shop.send(checkout(goodOrder));
        shop.send(success(goodOrder));

        probe.awaitStatus(goodOrder, "COMPLETE");
        byte[] poisonValue = value;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters(poisonValue))
                .singleElement()
                .satisfies(r -> {
                    assertThat(header(r, "payments_dlt-reason")).isEqualTo(kind.reason);
                    assertThat(header(r, "kafka_dlt-exception-message")).isNotBlank();
                    assertThat(header(r, "kafka_dlt-original-topic")).isEqualTo(Topics.ORDER_EVENTS);
                }));
        assertThat(probe.status(poisonKey)).isEmpty();
        assertThat(probe.timeline(poisonKey)).isEmpty();
    }

    private static List<ConsumerRecord<String, String>> deadLetters(byte[] value) {
        String expected = new String(value, StandardCharsets.UTF_8);
        return KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS_DLT).stream()
                .filter(r -> expected.equals(r.value()))
                .toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
