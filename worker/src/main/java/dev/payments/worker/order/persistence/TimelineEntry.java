package dev.payments.worker.order.persistence;

import dev.payments.worker.order.OrderStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row per record the worker read for an order: what it did with it and why. Never updated. */
@Entity
@Table(name = "order_timeline")
public class TimelineEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_timeline_seq")
    @SequenceGenerator(name = "order_timeline_seq", sequenceName = "order_timeline_seq", allocationSize = 50)
    private Long id;

    @Column(name = "order_id")
    private String orderId;

    @Column(name = "event_id")
    private String eventId;

    @Column(name = "event_type")
    private String eventType;

    @Column(name = "event_source")
    private String eventSource;

    private String result;
    private String reason;

    @Enumerated(EnumType.STRING)
    private OrderStatus status;

    @Column(name = "kafka_partition")
    private Integer kafkaPartition;

    @Column(name = "kafka_offset")
    private Long kafkaOffset;

    @Column(name = "recorded_at")
    private Instant recordedAt;

    protected TimelineEntry() {}

    public TimelineEntry(
            String orderId,
            String eventId,
            String eventType,
            String eventSource,
            String result,
            String reason,
            OrderStatus status,
            Integer kafkaPartition,
            Long kafkaOffset,
            Instant recordedAt) {
        this.orderId = orderId;
        this.eventId = eventId;
        this.eventType = eventType;
        this.eventSource = eventSource;
        this.result = result;
        this.reason = reason;
        this.status = status;
        this.kafkaPartition = kafkaPartition;
        this.kafkaOffset = kafkaOffset;
        this.recordedAt = recordedAt;
    }

    public Long getId() {
        return id;
    }

    public String getOrderId() {
        return orderId;
    }

    public String getEventId() {
        return eventId;
    }

    public String getEventType() {
        return eventType;
    }

    public String getResult() {
        return result;
    }

    public String getReason() {
        return reason;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public Long getKafkaOffset() {
        return kafkaOffset;
    }
}
