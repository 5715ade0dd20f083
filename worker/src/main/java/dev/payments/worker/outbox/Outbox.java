package dev.payments.worker.outbox;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.Topics;
import dev.payments.worker.auth.EventAuthenticator;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's one way out: every record it emits (completions, dead letters, the PG's answers and look-ups fed back
 * to the order's partition, expiries) is a row of {@code outbox_messages}, written in the transaction that decided it,
 * and published by the {@link OutboxRelay} once that transaction has committed. One publish path, one send timeout,
 * one failure story: a record is in Kafka at least once after its transaction commits, and never before. Every event
 * fed back to the order-events topic leaves here signed with the worker's key, so the consumer can tell it from an
 * event any other producer wrote (docs/contract.md §2 "Authenticated").
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final JsonMapper mapper;
    private final OutboxRelay relay;
    private final EventAuthenticator authenticator;

    Outbox(JdbcTemplate jdbc, JsonMapper mapper, OutboxRelay relay, EventAuthenticator authenticator) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.relay = relay;
        this.authenticator = authenticator;
    }

    /**
     * Writes {@code records} in the caller's transaction, as one JDBC batch. Ids come from {@code outbox_messages_seq}
     * in list order, and the relay publishes by id, so records of one order leave in the order they were decided.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void write(List<? extends OutgoingRecord> records, Instant now) {
        if (records.isEmpty()) {
            return;
        }
        OffsetDateTime createdAt = now.atOffset(ZoneOffset.UTC);
        jdbc.batchUpdate("""
                INSERT INTO outbox_messages (id, topic, message_key, payload, headers, created_at, latency_origin,
                                             latency_trigger)
                VALUES (nextval('outbox_messages_seq'), ?, ?, ?, ?, ?, ?, ?)""", records, records.size(), (ps, record) -> {
            Row row = row(record);
            ps.setString(1, row.topic());
            ps.setBytes(2, row.key());
            ps.setBytes(3, row.payload());
            ps.setString(4, row.headers());
            ps.setObject(5, createdAt, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(
                    6,
                    row.latencyOrigin() == null ? null : row.latencyOrigin().atOffset(ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(7, row.latencyTrigger());
        });
    }

    /**
     * The transaction that wrote records has committed: the relay publishes them now instead of at its next poll.
     * Cheap; safe from any thread.
     */
    public void committed() {
        relay.wakeUp();
    }

    private Row row(OutgoingRecord record) {
        return switch (record) {
            case OutgoingRecord.OrderEvent e ->
                new Row(Topics.ORDER_EVENTS, key(e.event()), json(authenticator.sign(e.event())), null, null, null);
            case OutgoingRecord.Completion c ->
                new Row(
                        Topics.COMPLETIONS,
                        key(c.completion()),
                        json(c.completion()),
                        null,
                        c.causeTime(),
                        c.causeType());
            case OutgoingRecord.DeadLetter d ->
                new Row(
                        Topics.ORDER_EVENTS_DLT,
                        d.key(),
                        d.value(),
                        OutboxHeaders.write(mapper, d.headers()),
                        null,
                        null);
        };
    }

    /** The record key of every record about an order is its orderId, the envelope's subject. */
    private static byte[] key(CloudEvent<? extends EventData> event) {
        return event.subject().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] json(CloudEvent<? extends EventData> event) {
        return mapper.writeValueAsBytes(event);
    }

    private record Row(
            String topic, byte[] key, byte[] payload, String headers, Instant latencyOrigin, String latencyTrigger) {}
}
