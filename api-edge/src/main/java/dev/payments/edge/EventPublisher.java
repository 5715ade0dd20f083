package dev.payments.edge;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one event to {@link Topics#ORDER_EVENTS}, keyed by its orderId, and returns only once the broker has
 * acknowledged it ({@code acks=all}). Every failure, including a slow broker, becomes an
 * {@link EventNotAcceptedException}, so an HTTP answer is never a 2xx for an event that is not in Kafka.
 */
@Component
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper mapper;
    private final Clock clock;
    private final Duration sendTimeout;
    private final Counter failures;

    EventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            JsonMapper mapper,
            Clock clock,
            EdgeProperties properties,
            MeterRegistry meters) {
        this.kafka = kafka;
        this.mapper = mapper;
        this.clock = clock;
        this.sendTimeout = properties.edge().sendTimeout();
        this.failures = Counter.builder("payments.edge.publish.failures")
                .description("events Kafka did not acknowledge in time; their requests were answered 503")
                .register(meters);
    }

    /** Publishes {@code data} in a new envelope (random id, source /api-edge) and waits for the broker's ack. */
    public CloudEvent<?> publish(EventData data) {
        return publish(UUID.randomUUID().toString(), data);
    }

    /**
     * Publishes {@code data} under the given CloudEvents {@code id} (source /api-edge) and waits for the broker's ack.
     * A deterministic id makes repeated deliveries of the same input (a PG's webhook retries) duplicates that the
     * worker's event-id log drops.
     */
    public CloudEvent<?> publish(String id, EventData data) {
        CloudEvent<?> event =
                CloudEvent.of(id, EventSources.API_EDGE, clock.instant().truncatedTo(ChronoUnit.MILLIS), data);
        byte[] value = mapper.writeValueAsBytes(event);
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            // send() itself may block for metadata up to max.block.ms; the remaining budget bounds the ack wait
            var ack = kafka.send(new ProducerRecord<>(Topics.ORDER_EVENTS, event.subject(), value));
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notAccepted(event, e);
        } catch (ExecutionException e) {
            throw notAccepted(event, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw notAccepted(event, e);
        }
    }

    private EventNotAcceptedException notAccepted(CloudEvent<?> event, Throwable cause) {
        failures.increment();
        log.warn(
                "Kafka did not acknowledge {} {} for order {} within {}: {}",
                event.type(),
                event.id(),
                event.subject(),
                sendTimeout,
                cause.toString());
        return new EventNotAcceptedException("Kafka did not acknowledge " + event.type(), cause);
    }
}
