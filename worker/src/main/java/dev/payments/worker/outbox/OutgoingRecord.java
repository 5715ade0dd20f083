package dev.payments.worker.outbox;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;

/** A record the worker emits. Every one of them leaves through {@link Outbox#write}: there is no other way out. */
public sealed interface OutgoingRecord {

    /**
     * An event the worker feeds back to the order's partition of {@code payments.order-events}: the PG's answer to a
     * confirm, a payment read from the PG, an expiry. Only the partition's consumer decides what it does to the order.
     * {@link Outbox#write} signs it with the worker's key: callers hand it over unsigned.
     */
    record OrderEvent(CloudEvent<? extends EventData> event) implements OutgoingRecord {
        public OrderEvent {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A record for the shop on {@code payments.completions}: the order's one completion, or a money-anomaly record.
     * {@code causeTime} is when the event that ended the order reached us (its CloudEvents {@code time}); the relay
     * times the completion from it. It is null for an anomaly record, which is not timed.
     */
    record Completion(CloudEvent<? extends EventData> completion, Instant causeTime, String causeType)
            implements OutgoingRecord {
        public Completion {
            Objects.requireNonNull(completion, "completion");
        }
    }

    /** An input record that cannot be applied, unchanged (key and value as read), with why in its headers. */
    record DeadLetter(byte[] key, byte[] value, List<Header> headers) implements OutgoingRecord {
        public DeadLetter {
            headers = List.copyOf(headers);
        }
    }
}
