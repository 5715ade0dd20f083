package dev.payments.worker.order.processing;

import dev.payments.worker.order.Rejection;
import dev.payments.worker.order.persistence.EventRecords;
import dev.payments.worker.order.persistence.ParkedEvent;
import dev.payments.worker.order.persistence.ParkedEventRepository;
import dev.payments.worker.order.persistence.ProcessedEvent;
import dev.payments.worker.order.persistence.TimelineEntry;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rejects parked events whose order was not issued within {@code payments.park-ttl} (UNKNOWN_ORDER). Safe beside the
 * consumer and beside other worker instances: whoever deletes a parked row first wins, the other one's transaction
 * fails on the missing row and retries.
 */
@Component
class ParkedEventExpiry {

    private static final Logger log = LoggerFactory.getLogger(ParkedEventExpiry.class);

    private final ParkedEventRepository parkedEvents;
    private final EntityManager entityManager;
    private final EventRecords eventRecords;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Duration parkTtl;
    private final TransactionTemplate transactions;

    ParkedEventExpiry(
            TransactionTemplate transactions,
            ParkedEventRepository parkedEvents,
            EntityManager entityManager,
            EventRecords eventRecords,
            WorkerMetrics metrics,
            Clock clock,
            @Value("${payments.park-ttl:10m}") Duration parkTtl) {
        this.parkedEvents = parkedEvents;
        this.entityManager = entityManager;
        this.eventRecords = eventRecords;
        this.metrics = metrics;
        this.clock = clock;
        this.parkTtl = parkTtl;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${payments.park-sweep-interval:15s}", initialDelayString = "5s")
    void sweep() {
        try {
            Integer expired = transactions.execute(status -> expireOnce());
            if (expired != null && expired > 0) {
                log.info("Rejected {} parked events whose order never arrived (UNKNOWN_ORDER)", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Parked-event sweep failed, will retry: {}", e.toString());
        }
    }

    /** Runs inside the caller's transaction. */
    int expireOnce() {
        Instant now = clock.instant();
        List<ParkedEvent> stale = parkedEvents.findTop500ByParkedAtBeforeOrderByIdAsc(now.minus(parkTtl));
        List<ProcessedEvent> processed = new ArrayList<>();
        List<TimelineEntry> timeline = new ArrayList<>();
        for (ParkedEvent parked : stale) {
            processed.add(new ProcessedEvent(parked.getEventId(), parked.getOrderId()));
            timeline.add(new TimelineEntry(
                    parked.getOrderId(),
                    parked.getEventId(),
                    parked.getEventType(),
                    null,
                    "REJECTED",
                    Rejection.UNKNOWN_ORDER.name(),
                    null,
                    parked.getKafkaPartition(),
                    parked.getKafkaOffset()));
            entityManager.remove(parked);
            metrics.eventRecorded(parked.getEventType(), "REJECTED", Rejection.UNKNOWN_ORDER.name());
        }
        eventRecords.processed(processed, now);
        eventRecords.timeline(timeline, now);
        return stale.size();
    }
}
