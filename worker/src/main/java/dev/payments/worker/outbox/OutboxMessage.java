package dev.payments.worker.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Kafka record waiting to be published. Headers are stored as JSON ({@link OutboxHeaders}). */
@Entity
@Table(name = "outbox_messages")
class OutboxMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_messages_seq")
    @SequenceGenerator(name = "outbox_messages_seq", sequenceName = "outbox_messages_seq", allocationSize = 50)
    private Long id;

    private String topic;

    @Column(name = "message_key")
    private byte[] messageKey;

    private byte[] payload;

    private String headers;

    @Column(name = "created_at")
    private Instant createdAt;

    /** When the event that caused this record reached us; null when nobody times this record. */
    @Column(name = "latency_origin")
    private Instant latencyOrigin;

    /** The type of that event (a metric tag). */
    @Column(name = "latency_trigger")
    private String latencyTrigger;

    protected OutboxMessage() {}

    OutboxMessage(String topic, byte[] messageKey, byte[] payload, String headers, Instant createdAt) {
        this.topic = topic;
        this.messageKey = messageKey;
        this.payload = payload;
        this.headers = headers;
        this.createdAt = createdAt;
    }

    OutboxMessage timedFrom(Instant origin, String trigger) {
        this.latencyOrigin = origin;
        this.latencyTrigger = trigger;
        return this;
    }
}
