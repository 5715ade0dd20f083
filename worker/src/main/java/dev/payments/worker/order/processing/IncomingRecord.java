package dev.payments.worker.order.processing;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import java.util.List;
import org.apache.kafka.common.header.Header;

/** A record of the order-events topic after decoding: a valid event, or poison for the dead-letter topic. */
public sealed interface IncomingRecord {

    String topic();

    int partition();

    long offset();

    /** A record that decoded and validated: its envelope, typed data, and the original bytes (kept when parked). */
    record Event(String topic, int partition, long offset, CloudEvent<EventData> event, byte[] raw)
            implements IncomingRecord {

        public String orderId() {
            return event.subject();
        }
    }

    /** A record that cannot be applied to any order: it goes to the DLT unchanged, with {@code error}. */
    record Poison(
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            List<Header> headers,
            String errorKind,
            String error)
            implements IncomingRecord {}
}
