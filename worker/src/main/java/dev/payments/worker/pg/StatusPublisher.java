package dev.payments.worker.pg;

import dev.payments.schemas.PgStatus;
import dev.payments.worker.messaging.CloudEventWriter;
import java.time.Clock;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes what a look-up read from the PG as a {@code payment.pg.status} event (verification LOOKUP) on the
 * order-events topic, keyed by orderId, and waits for the broker's ack. Each look-up is a new observation, so each
 * gets an id of its own ({@code <orderId>:status:<uuid>}); the state machine treats a second status that asks for the
 * state the order is already in as a no-op.
 */
@Component
class StatusPublisher extends OrderEventPublisher {

    StatusPublisher(
            KafkaTemplate<String, byte[]> kafka, CloudEventWriter writer, Clock clock, PgProperties properties) {
        super(kafka, writer, clock, properties.statusCheck().publishTimeout());
    }

    static String newEventId(String orderId) {
        return orderId + ":status:" + UUID.randomUUID();
    }

    void publish(PgStatus status) throws InterruptedException {
        publish(newEventId(status.orderId()), status);
    }
}
