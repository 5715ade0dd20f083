package dev.payments.edge.readmodel;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** A row of the worker's {@code order_timeline} table, read-only: one event the worker read and what it did with it. */
@Entity
@Table(name = "order_timeline")
@Immutable
class TimelineRow {

    @Id
    private Long id;

    private String orderId;
    private String eventId;
    private String eventType;
    private String result;
    private String reason;
    private String status;
    private Instant recordedAt;

    /** For JPA only: rows are read, never made by the edge. */
    protected TimelineRow() {}

    /** Where the row stands in its order's timeline: the id the worker gave it, increasing with time. */
    long position() {
        return id;
    }

    TimelineEntry entry() {
        return new TimelineEntry(eventId, eventType, result, reason, status, recordedAt);
    }
}
