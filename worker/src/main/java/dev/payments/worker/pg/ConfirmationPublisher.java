package dev.payments.worker.pg;

import dev.payments.schemas.PgConfirmation;
import dev.payments.worker.messaging.CloudEventWriter;
import java.time.Clock;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the PG's definitive answer as a {@code payment.pg.confirmation} event on the order-events topic, keyed by
 * orderId, and waits for the broker's ack. The event id is deterministic, so a confirmation published again after a
 * crash is recognised by the consumer as the same event.
 */
@Component
class ConfirmationPublisher extends OrderEventPublisher {

    ConfirmationPublisher(
            KafkaTemplate<String, byte[]> kafka, CloudEventWriter writer, Clock clock, PgProperties properties) {
        super(kafka, writer, clock, properties.confirm().publishTimeout());
    }

    static String eventId(String orderId) {
        return orderId + ":confirmation";
    }

    /** Returns once the broker has acknowledged the record; throws if it did not within the publish timeout. */
    void publish(PgConfirmation confirmation) throws InterruptedException {
        publish(eventId(confirmation.orderId()), confirmation);
    }
}
