package dev.payments.worker.order.processing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventType;
import dev.payments.schemas.WorkerEventProof;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a raw order-events record into an {@link IncomingRecord}: a typed, schema-valid event whose key, subject and
 * data.orderId agree, or poison with the reason. Never throws for bad input, so one bad record cannot hold up the
 * partition.
 */
@Component
public class EventDecoder {

    /** The event types a producer may put on the order-events topic (completions have their own topic). */
    private static final List<EventType> ACCEPTED = List.of(
            EventType.ORDER_ISSUED,
            EventType.CHECKOUT_STARTED,
            EventType.PG_RESULT,
            EventType.PG_CONFIRMATION,
            EventType.PG_STATUS,
            EventType.ORDER_EXPIRE,
            EventType.REFUND_REQUESTED,
            EventType.PG_REFUND);

    private final JsonMapper mapper;
    private final Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);

    public EventDecoder(JsonMapper mapper) {
        this.mapper = mapper;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .build()));
        for (EventType type : ACCEPTED) {
            schemas.put(type, load(registry, type));
        }
    }

    public IncomingRecord decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return decodeOrPoison(record);
        } catch (PoisonException e) {
            List<Header> headers = new ArrayList<>();
            record.headers().forEach(headers::add);
            return new IncomingRecord.Poison(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    record.value(),
                    headers,
                    e.kind,
                    e.getMessage());
        }
    }

    private IncomingRecord decodeOrPoison(ConsumerRecord<byte[], byte[]> record) {
        String key = utf8(record.key());
        if (record.value() == null || record.value().length == 0) {
            throw new PoisonException("EMPTY_VALUE", "record has no value");
        }
        JsonNode json;
        try {
            json = mapper.readTree(record.value());
        } catch (JacksonException e) {
            throw new PoisonException("UNPARSEABLE", "value is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new PoisonException("UNPARSEABLE", "value is not a JSON object");
        }
        String typeName = json.path("type").asString(null);
        EventType type = EventType.fromType(typeName)
                .filter(ACCEPTED::contains)
                .orElseThrow(() -> new PoisonException("UNKNOWN_TYPE", "event type not accepted here: " + typeName));
        List<Error> errors = schemas.get(type).validate(json);
        if (!errors.isEmpty()) {
            throw new PoisonException(
                    "SCHEMA_INVALID",
                    errors.stream()
                            .limit(10)
                            .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                            .collect(Collectors.joining("; ")));
        }
        String subject = json.get("subject").asString();
        if (!subject.equals(key)) {
            throw new PoisonException("KEY_SUBJECT_MISMATCH", "record key does not equal the event's subject");
        }
        if (!subject.equals(json.path("data").path("orderId").asString(null))) {
            throw new PoisonException("SUBJECT_ORDER_MISMATCH", "data.orderId does not equal the event's subject");
        }
        CloudEvent<EventData> event;
        try {
            EventData data = mapper.treeToValue(json.get("data"), type.dataType());
            event = new CloudEvent<>(
                    json.get("specversion").asString(),
                    json.get("id").asString(),
                    json.get("source").asString(),
                    type.type(),
                    subject,
                    OffsetDateTime.parse(json.get("time").asString()).toInstant(),
                    json.get("datacontenttype").asString(),
                    data,
                    json.path(WorkerEventProof.ATTRIBUTE).asString(null));
        } catch (JacksonException | DateTimeParseException e) {
            throw new PoisonException("UNMAPPABLE", "event does not map to " + type.type() + ": " + e.getMessage());
        }
        return new IncomingRecord.Event(record.topic(), record.partition(), record.offset(), event, record.value());
    }

    private static String utf8(byte[] key) {
        if (key == null) {
            throw new PoisonException("NO_KEY", "record has no key; the key must be the orderId");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PoisonException("KEY_NOT_UTF8", "record key is not UTF-8");
        }
    }

    private static Schema load(SchemaRegistry registry, EventType type) {
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("missing JSON Schema " + type.schemaResource());
            }
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class PoisonException extends RuntimeException {
        private final String kind;

        PoisonException(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }
}
