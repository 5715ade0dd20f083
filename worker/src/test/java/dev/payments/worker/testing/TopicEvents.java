package dev.payments.worker.testing;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.testsupport.EmbeddedKafkaInitializer;
import dev.payments.testsupport.KafkaRecords;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** What a topic of the shared test broker holds for one order right now, read as its consumer reads it. */
public final class TopicEvents {

    private TopicEvents() {}

    /** The records of {@code topic} keyed by {@code orderId}, oldest first, as events with {@code data}. */
    public static <T extends EventData> List<CloudEvent<T>> of(
            JsonMapper json, String topic, String orderId, Class<T> data) {
        return KafkaRecords.readAll(EmbeddedKafkaInitializer.bootstrapServers(), topic, orderId).stream()
                .map(record -> json.<CloudEvent<T>>readValue(
                        record.value(), json.getTypeFactory().constructParametricType(CloudEvent.class, data)))
                .toList();
    }
}
