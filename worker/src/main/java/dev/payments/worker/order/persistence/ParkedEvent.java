package dev.payments.worker.order.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event that arrived before its order was issued, kept as the original bytes until the order arrives. */
@Entity
@Table(name = "parked_events")
public class ParkedEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "parked_events_seq")
    @SequenceGenerator(name = "parked_events_seq", sequenceName = "parked_events_seq", allocationSize = 50)
    private Long id;

    @Column(name = "event_id")
    private String eventId;

    @Column(name = "order_id")
    private String orderId;

    @Column(name = "event_type")
    private String eventType;

    private byte[] payload;

    @Column(name = "kafka_partition")
    private Integer kafkaPartition;

    @Column(name = "kafka_offset")
    private Long kafkaOffset;

    @Column(name = "parked_at")
    private Instant parkedAt;

    protected ParkedEvent() {}

    public ParkedEvent(
            String eventId,
            String orderId,
            String eventType,
            byte[] payload,
            Integer kafkaPartition,
            Long kafkaOffset,
            Instant parkedAt) {
        this.eventId = eventId;
        this.orderId = orderId;
        this.eventType = eventType;
        this.payload = payload;
        this.kafkaPartition = kafkaPartition;
        this.kafkaOffset = kafkaOffset;
        this.parkedAt = parkedAt;
    }

    public Long getId() {
        return id;
    }

    public String getEventId() {
        return eventId;
    }

    public String getOrderId() {
        return orderId;
    }

    public String getEventType() {
        return eventType;
    }

    public byte[] getPayload() {
        return payload;
    }

    public Integer getKafkaPartition() {
        return kafkaPartition;
    }

    public Long getKafkaOffset() {
        return kafkaOffset;
    }

    public Instant getParkedAt() {
        return parkedAt;
    }
}
