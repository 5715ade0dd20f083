package dev.payments.worker.order.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The idempotent-consumer log: an event id, recorded in the same transaction as the effects of its event. */
@Entity
@Table(name = "processed_events")
public class ProcessedEvent {

    @Id
    @Column(name = "event_id")
    private String eventId;

    @Column(name = "order_id")
    private String orderId;

    @Column(name = "processed_at")
    private Instant processedAt;

    protected ProcessedEvent() {}

    public ProcessedEvent(String eventId, String orderId, Instant processedAt) {
        this.eventId = eventId;
        this.orderId = orderId;
        this.processedAt = processedAt;
    }

    public String getEventId() {
        return eventId;
    }
}
