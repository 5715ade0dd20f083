package dev.payments.worker.pg;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.Topics;
import dev.payments.worker.messaging.CloudEventWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the PG's definitive answer as a {@code payment.pg.confirmation} event on the order-events topic, keyed by
 * orderId, and waits for the broker's ack. The event id is deterministic, so a confirmation published again after a
 * crash is recognised by the consumer as the same event.
 */
@Component
class ConfirmationPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventWriter writer;
    private final Clock clock;
    private final Duration timeout;

    ConfirmationPublisher(
            KafkaTemplate<String, byte[]> kafka, CloudEventWriter writer, Clock clock, PgProperties properties) {
        this.kafka = kafka;
        this.writer = writer;
        this.clock = clock;
        this.timeout = properties.confirm().publishTimeout();
    }

    static String eventId(String orderId) {
        return orderId + ":confirmation";
    }

    /** Returns once the broker has acknowledged the record; throws if it did not within the publish timeout. */
    void publish(PgConfirmation confirmation) throws InterruptedException {
        CloudEvent<PgConfirmation> event =
                CloudEvent.of(eventId(confirmation.orderId()), EventSources.WORKER, clock.instant(), confirmation);
        try {
            kafka.send(Topics.ORDER_EVENTS, confirmation.orderId(), writer.toBytes(event))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not take the confirmation: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no broker ack for the confirmation within " + timeout, e);
        }
    }
}
