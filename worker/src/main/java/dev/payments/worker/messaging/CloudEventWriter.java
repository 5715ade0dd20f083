package dev.payments.worker.messaging;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Serialises CloudEvents envelopes to the bytes that travel on Kafka (structured JSON mode). */
@Component
public class CloudEventWriter {

    private final JsonMapper mapper;

    public CloudEventWriter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] toBytes(CloudEvent<? extends EventData> event) {
        return mapper.writeValueAsBytes(event);
    }
}
