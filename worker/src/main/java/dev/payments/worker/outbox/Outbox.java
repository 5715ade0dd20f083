package dev.payments.worker.outbox;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.Topics;
import dev.payments.worker.messaging.CloudEventWriter;
import dev.payments.worker.transaction.BeforeCommit;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.common.header.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds records to the outbox inside the caller's transaction; the relay publishes them once it commits. A transaction's
 * records are written together just before it commits, in the order they were added, as one JDBC batch; ids come from
 * {@code outbox_messages_seq} in that order, and the relay publishes by id.
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final CloudEventWriter writer;
    private final JsonMapper mapper;
    private final OutboxRelay relay;

    Outbox(DataSource dataSource, CloudEventWriter writer, JsonMapper mapper, OutboxRelay relay) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.writer = writer;
        this.mapper = mapper;
        this.relay = relay;
    }

    /**
     * A completion, timed from {@code cause}: the relay records how long after the cause's CloudEvents {@code time}
     * (when the PG result that ended the order reached us) the broker acknowledged the completion.
     */
    public void addCompletion(CloudEvent<? extends EventData> completion, CloudEvent<?> cause, Instant now) {
        messages()
                .add(new OutboxMessage(
                        Topics.COMPLETIONS,
                        completion.subject().getBytes(StandardCharsets.UTF_8),
                        writer.toBytes(completion),
                        null,
                        now,
                        cause.time(),
                        cause.type()));
    }

    /** A raw record, e.g. an undecodable input record on its way to the dead-letter topic. */
    public void add(String topic, byte[] key, byte[] value, List<Header> headers, Instant now) {
        messages().add(new OutboxMessage(topic, key, value, OutboxHeaders.write(mapper, headers), now, null, null));
    }

    /**
     * This transaction's records.
     *
     * @throws IllegalStateException outside a transaction
     */
    private List<OutboxMessage> messages() {
        return BeforeCommit.buffer(this, ArrayList::new, this::insert, added -> relay.wakeUp());
    }

    private void insert(List<OutboxMessage> messages) {
        jdbc.batchUpdate("""
                INSERT INTO outbox_messages (id, topic, message_key, payload, headers, created_at, latency_origin,
                                             latency_trigger)
                VALUES (nextval('outbox_messages_seq'), ?, ?, ?, ?, ?, ?, ?)""", messages, messages.size(), (ps, message) -> {
            ps.setString(1, message.topic());
            ps.setBytes(2, message.key());
            ps.setBytes(3, message.payload());
            ps.setString(4, message.headers());
            ps.setObject(5, message.createdAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(
                    6,
                    message.latencyOrigin() == null
                            ? null
                            : message.latencyOrigin().atOffset(ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(7, message.latencyTrigger());
        });
    }
}
