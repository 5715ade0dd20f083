package dev.payments.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.payments.schemas.EventType;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.KafkaRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

/** What the edge wrote to the order-events topic, each record checked against the contract's JSON Schema. */
public final class OrderEvents {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<EventType, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private final String bootstrapServers;

    public OrderEvents(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** How many records the topic has ever taken (the sum of its end offsets): one round trip to the broker. */
    public long written() {
        try (var offsets = new TopicOffsets(bootstrapServers, Topics.ORDER_EVENTS)) {
            return offsets.written();
        }
    }

    /**
     * The envelopes written for {@code orderId}, oldest first; each one is asserted to satisfy its type's schema and
     * to have record key = subject = data.orderId.
     */
    public List<JsonNode> of(String orderId) {
        return KafkaRecords.readAll(bootstrapServers, Topics.ORDER_EVENTS, orderId).stream()
                .map(OrderEvents::validated)
                .toList();
    }

    /**
     * Asserts that nothing at all reached the topic since {@link #written()} answered {@code writtenBefore}: tests run
     * one at a time, so a refused request that wrote anything would show here.
     */
    public void assertNothingWrittenSince(long writtenBefore) {
        assertThat(written()).as("records in the topic after refused requests").isEqualTo(writtenBefore);
    }

    public static JsonNode validated(ConsumerRecord<String, String> record) {
        JsonNode event = EdgeHttp.JSON.readTree(record.value());
        EventType type = EventType.fromType(event.get("type").asString()).orElseThrow();
        List<Error> errors = schema(type).validate(event);
        assertThat(errors).as("schema errors of %s", record.value()).isEmpty();
        assertThat(record.key()).isEqualTo(event.get("subject").asString());
        assertThat(event.get("data").get("orderId").asString()).isEqualTo(record.key());
        return event;
    }

    private static Schema schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            try (InputStream in = OrderEvents.class.getClassLoader().getResourceAsStream(t.schemaResource())) {
                assertThat(in).as(t.schemaResource()).isNotNull();
                return REGISTRY.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
