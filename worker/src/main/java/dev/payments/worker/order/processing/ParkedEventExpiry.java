package dev.payments.worker.order.processing;

import dev.payments.worker.order.Rejection;
import dev.payments.worker.order.persistence.ParkedEvent;
import dev.payments.worker.order.persistence.ParkedEvents;
import dev.payments.worker.order.persistence.TimelineEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rejects parked events whose order was not issued within {@code payments.park-ttl} (UNKNOWN_ORDER), as a unit of
 * work of its own. A rejected event claims no id (docs/contract.md §2): the same event read again is decided again.
 * Safe beside the consumer and beside other worker instances: the sweep locks the rows it decides and skips rows
 * someone else holds; a consumer that applies a parked event the sweep decided first finds its row gone and retries
 * its batch, which then no longer finds the event among the order's parked ones.
 */
@Component
class ParkedEventExpiry implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ParkedEventExpiry.class);
    private static final int BATCH = 500;
    private static final Duration FIRST_SWEEP = Duration.ofSeconds(5);

    private final ParkedEvents parkedEvents;
    private final UnitOfWorkWriter writer;
    private final TransactionTemplate transactions;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final ParkingProperties settings;

    ParkedEventExpiry(
            ParkedEvents parkedEvents,
            UnitOfWorkWriter writer,
            TransactionTemplate transactions,
            WorkerMetrics metrics,
            Clock clock,
            ParkingProperties settings) {
        this.parkedEvents = parkedEvents;
        this.writer = writer;
        this.transactions = transactions;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::sweep, settings.parkSweepInterval(), FIRST_SWEEP));
    }

    void sweep() {
        try {
            int expired = expireOnce();
            if (expired > 0) {
                log.info("Rejected {} parked events whose order never arrived (UNKNOWN_ORDER)", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Parked-event sweep failed, will retry: {}", e.toString());
        }
    }

    /** One sweep of at most {@value #BATCH} events, in a transaction of its own; returns how many it rejected. */
    int expireOnce() {
        UnitOfWork work = transactions.execute(status -> {
            UnitOfWork rejected = new UnitOfWork(clock.instant());
            List<ParkedEvent> stale = parkedEvents.lockStale(rejected.now.minus(settings.parkTtl()), BATCH);
            for (ParkedEvent parked : stale) {
                String reason = Rejection.UNKNOWN_ORDER.name();
                rejected.timeline(new TimelineEntry(
                        parked.orderId(),
                        parked.eventId(),
                        parked.eventType(),
                        null,
                        "REJECTED",
                        reason,
                        null,
                        parked.kafkaPartition(),
                        parked.kafkaOffset()));
                rejected.unpark(parked);
                rejected.count(() -> metrics.eventRecorded(parked.eventType(), "REJECTED", reason));
            }
            writer.write(rejected);
            return rejected;
        });
        writer.committed(work);
        return work.unparked.size();
    }
}
