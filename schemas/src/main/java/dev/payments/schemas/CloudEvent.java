package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode. The record key of every record must equal {@link #subject()},
 * which is the orderId.
 *
 * @param workerauth the extension attribute {@value WorkerEventProof#ATTRIBUTE}: a worker's proof that it wrote the
 *     event ({@link WorkerEventProof}); null (and omitted from the JSON) on events of any other producer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent<T extends EventData>(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        T data,
        String workerauth) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /**
     * A new envelope around {@code data}, with subject = data.orderId(), type derived from the data record, and no
     * worker proof.
     */
    public static <T extends EventData> CloudEvent<T> of(String id, String source, Instant time, T data) {
        return new CloudEvent<>(
                SPEC_VERSION, id, source, EventType.of(data).type(), data.orderId(), time, CONTENT_TYPE, data, null);
    }

    /** This envelope with {@code proof} as its {@value WorkerEventProof#ATTRIBUTE} attribute (null: none). */
    public CloudEvent<T> withWorkerauth(String proof) {
        return new CloudEvent<>(specversion, id, source, type, subject, time, datacontenttype, data, proof);
    }
}
