package dev.payments.worker.pg;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.Topics;
import dev.payments.worker.messaging.CloudEventWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes what the PG said as an event on the order-events topic, keyed by orderId, source {@code /worker}, and
 * waits for the broker's ack: a job is marked done only once its event is in Kafka.
 */
class OrderEventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventWriter writer;
    private final Clock clock;
    private final Duration timeout;

    OrderEventPublisher(KafkaTemplate<String, byte[]> kafka, CloudEventWriter writer, Clock clock, Duration timeout) {
        this.kafka = kafka;
        this.writer = writer;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Returns once the broker has acknowledged the record; throws if it did not within the publish timeout. */
    void publish(String eventId, EventData data) throws InterruptedException {
        CloudEvent<EventData> event = CloudEvent.of(eventId, EventSources.WORKER, clock.instant(), data);
        String type = event.type();
        try {
            kafka.send(Topics.ORDER_EVENTS, data.orderId(), writer.toBytes(event))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the broker did not take the " + type + " event: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no broker ack for the " + type + " event within " + timeout, e);
        }
    }
}
