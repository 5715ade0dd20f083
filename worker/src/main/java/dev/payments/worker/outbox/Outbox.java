package dev.payments.worker.outbox;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.Topics;
import dev.payments.worker.messaging.CloudEventWriter;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Adds records to the outbox inside the caller's transaction; the relay publishes them once it commits. */
@Component
public class Outbox {

    private final EntityManager entityManager;
    private final CloudEventWriter writer;
    private final JsonMapper mapper;
    private final OutboxRelay relay;

    Outbox(EntityManager entityManager, CloudEventWriter writer, JsonMapper mapper, OutboxRelay relay) {
        this.entityManager = entityManager;
        this.writer = writer;
        this.mapper = mapper;
        this.relay = relay;
    }

    /** A CloudEvent keyed by its subject (the orderId). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void add(String topic, CloudEvent<? extends EventData> event, Instant now) {
        add(topic, event.subject().getBytes(StandardCharsets.UTF_8), writer.toBytes(event), List.of(), now);
    }

    /**
     * A completion, timed from {@code cause}: the relay records how long after the cause's CloudEvents {@code time}
     * (when the PG result that ended the order reached us) the broker acknowledged the completion.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void addCompletion(CloudEvent<? extends EventData> completion, CloudEvent<?> cause, Instant now) {
        entityManager.persist(new OutboxMessage(
                        Topics.COMPLETIONS,
                        completion.subject().getBytes(StandardCharsets.UTF_8),
                        writer.toBytes(completion),
                        null,
                        now)
                .timedFrom(cause.time(), cause.type()));
        wakeRelayAfterCommit();
    }

    /** A raw record, e.g. an undecodable input record on its way to the dead-letter topic. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void add(String topic, byte[] key, byte[] value, List<Header> headers, Instant now) {
        entityManager.persist(new OutboxMessage(topic, key, value, OutboxHeaders.write(mapper, headers), now));
        wakeRelayAfterCommit();
    }

    private void wakeRelayAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
