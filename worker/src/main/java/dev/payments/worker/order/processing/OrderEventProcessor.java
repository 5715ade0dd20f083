package dev.payments.worker.order.processing;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderCompleted;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.Topics;
import dev.payments.support.logging.OrderLogContext;
import dev.payments.worker.order.Decision;
import dev.payments.worker.order.Effect;
import dev.payments.worker.order.Order;
import dev.payments.worker.order.OrderStateMachine;
import dev.payments.worker.order.OrderStatus;
import dev.payments.worker.order.Rejection;
import dev.payments.worker.order.messaging.EventDecoder;
import dev.payments.worker.order.persistence.EventLookups;
import dev.payments.worker.order.persistence.EventRecords;
import dev.payments.worker.order.persistence.OrderStore;
import dev.payments.worker.order.persistence.ParkedEvent;
import dev.payments.worker.order.persistence.ParkedEventRepository;
import dev.payments.worker.order.persistence.ProcessedEvent;
import dev.payments.worker.order.persistence.StoredOrder;
import dev.payments.worker.order.persistence.TimelineEntry;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.ConfirmationRequests;
import dev.payments.worker.pg.StatusChecks;
import jakarta.persistence.EntityManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies records of the order-events topic, in offset order, in ONE database transaction per call: order state,
 * the event-id log, one timeline row per record, parked events, completion and dead-letter records (outbox) and confirm
 * requests. The listener commits the Kafka offsets only after this returns, i.e. after the commit.
 */
@Service
public class OrderEventProcessor {

    private final OrderStore orders;
    private final EventRecords eventRecords;
    private final EventLookups lookups;
    private final ParkedEventRepository parkedEvents;
    private final EntityManager entityManager;
    private final Outbox outbox;
    private final ConfirmationRequests confirmations;
    private final StatusChecks statusChecks;
    private final EventDecoder decoder;
    private final WorkerMetrics metrics;
    private final Clock clock;

    OrderEventProcessor(
            OrderStore orders,
            EventRecords eventRecords,
            EventLookups lookups,
            ParkedEventRepository parkedEvents,
            EntityManager entityManager,
            Outbox outbox,
            ConfirmationRequests confirmations,
            StatusChecks statusChecks,
            EventDecoder decoder,
            WorkerMetrics metrics,
            Clock clock) {
        this.orders = orders;
        this.eventRecords = eventRecords;
        this.lookups = lookups;
        this.parkedEvents = parkedEvents;
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.confirmations = confirmations;
        this.statusChecks = statusChecks;
        this.decoder = decoder;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional
    public void process(List<IncomingRecord> records) {
        new Batch(records, clock.instant()).run();
    }

    /** Sends one record to the dead-letter topic in a transaction of its own, with why it could not be applied. */
    @Transactional
    public void deadLetter(IncomingRecord record, Exception failure) {
        Instant now = clock.instant();
        IncomingRecord.Poison poison =
                switch (record) {
                    case IncomingRecord.Poison p -> p;
                    case IncomingRecord.Event e ->
                        new IncomingRecord.Poison(
                                e.topic(),
                                e.partition(),
                                e.offset(),
                                e.orderId().getBytes(StandardCharsets.UTF_8),
                                e.raw(),
                                List.of(),
                                "PROCESSING_FAILED",
                                failure.getClass().getName() + ": " + failure.getMessage());
                };
        addDeadLetter(poison, failure.getClass().getName(), now);
    }

    private void addDeadLetter(IncomingRecord.Poison poison, String exceptionClass, Instant now) {
        List<Header> headers = new ArrayList<>(poison.headers());
        headers.add(header(KafkaHeaders.DLT_ORIGINAL_TOPIC, poison.topic()));
        headers.add(new RecordHeader(
                KafkaHeaders.DLT_ORIGINAL_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(poison.partition()).array()));
        headers.add(new RecordHeader(
                KafkaHeaders.DLT_ORIGINAL_OFFSET,
                ByteBuffer.allocate(Long.BYTES).putLong(poison.offset()).array()));
        headers.add(header(KafkaHeaders.DLT_EXCEPTION_FQCN, exceptionClass));
        headers.add(header(KafkaHeaders.DLT_EXCEPTION_MESSAGE, poison.error()));
        headers.add(header(DeadLetters.REASON_HEADER, poison.errorKind()));
        outbox.add(Topics.ORDER_EVENTS_DLT, poison.key(), poison.value(), headers, now);
        afterCommit(() -> metrics.deadLettered(poison.errorKind()));
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /**
     * The in-memory view of one batch: every order and event id it touches is loaded once, up front, and everything it
     * decides is written at its end, one JDBC batch per table (each changed order once, whatever number of its events
     * the batch applied).
     */
    private final class Batch {
        private final List<IncomingRecord> records;
        private final Instant now;
        /** The batch's orders as it goes; an order the batch creates has no stored version. */
        private final Map<String, Order> current = new LinkedHashMap<>();

        private final Map<String, StoredOrder> stored;
        private final Set<String> changed = new LinkedHashSet<>();
        private final List<ProcessedEvent> processed = new ArrayList<>();
        private final List<TimelineEntry> timeline = new ArrayList<>();
        private final Set<String> processedIds;
        private final Set<String> parkedIds;
        private final Set<String> ordersWithParked;
        private final List<Runnable> onCommit = new ArrayList<>();

        Batch(List<IncomingRecord> records, Instant now) {
            this.records = records;
            this.now = now;
            List<IncomingRecord.Event> events = records.stream()
                    .filter(IncomingRecord.Event.class::isInstance)
                    .map(IncomingRecord.Event.class::cast)
                    .toList();
            Set<String> orderIds = new HashSet<>();
            Set<String> eventIds = new HashSet<>();
            events.forEach(e -> {
                orderIds.add(e.orderId());
                eventIds.add(e.event().id());
            });
            stored = orders.load(orderIds);
            stored.forEach((orderId, order) -> current.put(orderId, order.order()));
            processedIds = lookups.processed(eventIds);
            EventLookups.Parked parked = lookups.parked(eventIds, orderIds);
            parkedIds = parked.eventIds();
            ordersWithParked = parked.orderIds();
        }

        void run() {
            for (IncomingRecord record : records) {
                switch (record) {
                    case IncomingRecord.Poison p -> addDeadLetter(p, "none", now);
                    case IncomingRecord.Event e -> apply(e, false);
                }
            }
            write();
            List<Runnable> actions = List.copyOf(onCommit);
            afterCommit(() -> actions.forEach(Runnable::run));
        }

        private void apply(IncomingRecord.Event record, boolean replayingParked) {
            CloudEvent<EventData> event = record.event();
            try (var logContext = OrderLogContext.event(record.orderId(), event.id(), event.type())) {
                applyInLogContext(record, replayingParked);
            }
        }

        private void applyInLogContext(IncomingRecord.Event record, boolean replayingParked) {
            CloudEvent<EventData> event = record.event();
            String orderId = record.orderId();
            Order order = current.get(orderId);
            OrderStatus before = order == null ? null : order.status();

            boolean seenBefore =
                    processedIds.contains(event.id()) || (!replayingParked && parkedIds.contains(event.id()));
            if (seenBefore) {
                timeline(record, "DUPLICATE", Decision.Duplicate.SAME_EVENT, before);
                return;
            }
            Decision decision = OrderStateMachine.decide(order, event.data(), now);
            switch (decision) {
                case Decision.Parked parked -> park(record);
                case Decision.Applied applied -> {
                    markProcessed(event, orderId);
                    current.put(orderId, applied.order());
                    changed.add(orderId);
                    applied.effects().forEach(effect -> perform(effect, event));
                    if (applied.order().status().isTerminal() && !(event.data() instanceof PgConfirmation)) {
                        confirmations.withdraw(orderId);
                    }
                    timeline(
                            record,
                            applied.result(),
                            applied.order().reason(),
                            applied.order().status());
                    String from = before == null ? "NONE" : before.name();
                    onCommit.add(() ->
                            metrics.transition(from, applied.order().status().name()));
                    if (before == null && event.data() instanceof OrderIssued && ordersWithParked.remove(orderId)) {
                        releaseParked(orderId);
                    }
                }
                case Decision.Duplicate duplicate -> {
                    markProcessed(event, orderId);
                    timeline(record, duplicate.result(), duplicate.reason(), before);
                }
                case Decision.Rejected rejected -> {
                    markProcessed(event, orderId);
                    rejected.effects().forEach(effect -> perform(effect, event));
                    timeline(record, rejected.result(), rejected.reason().name(), before);
                    if (rejected.reason() == Rejection.LATE_EVENT) {
                        onCommit.add(() -> metrics.lateEvent(event.type(), before.name()));
                    }
                }
            }
        }

        private void park(IncomingRecord.Event record) {
            CloudEvent<EventData> event = record.event();
            entityManager.persist(new ParkedEvent(
                    event.id(),
                    record.orderId(),
                    event.type(),
                    record.raw(),
                    record.partition(),
                    record.offset(),
                    now));
            parkedIds.add(event.id());
            ordersWithParked.add(record.orderId());
            timeline(record, "PARKED", null, null);
        }

        /** The order just arrived: apply what waited for it, in arrival order, as if it had come now. */
        private void releaseParked(String orderId) {
            for (ParkedEvent parked : parkedEvents.findByOrderIdOrderByIdAsc(orderId)) {
                ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(
                        Topics.ORDER_EVENTS,
                        parked.getKafkaPartition(),
                        parked.getKafkaOffset(),
                        orderId.getBytes(StandardCharsets.UTF_8),
                        parked.getPayload());
                switch (decoder.decode(original)) {
                    case IncomingRecord.Event e -> apply(e, true);
                    case IncomingRecord.Poison p -> addDeadLetter(p, "none", now);
                }
                parkedIds.remove(parked.getEventId());
                entityManager.remove(parked);
            }
        }

        /** What the batch decided, one statement per table: orders first, so a fenced-off update fails early. */
        private void write() {
            List<StoredOrder> updated = new ArrayList<>();
            List<Order> created = new ArrayList<>();
            for (String orderId : changed) {
                StoredOrder read = stored.get(orderId);
                if (read == null) {
                    created.add(current.get(orderId));
                } else {
                    updated.add(new StoredOrder(current.get(orderId), read.version()));
                }
            }
            orders.update(updated, now);
            orders.insert(created, now);
            eventRecords.processed(processed, now);
            eventRecords.timeline(timeline, now);
        }

        private void perform(Effect effect, CloudEvent<EventData> cause) {
            switch (effect) {
                case Effect.RequestConfirm c -> confirmations.enqueue(c.orderId(), c.paymentKey(), c.amount());
                case Effect.RequestStatusCheck c -> statusChecks.request(c.orderId(), c.paymentKey());
                case Effect.PublishCompletion c ->
                    outbox.addCompletion(
                            CloudEvent.of(
                                    EventIds.completion(c.order().orderId()),
                                    EventSources.WORKER,
                                    now,
                                    completion(c.order())),
                            cause,
                            now);
            }
        }

        private OrderCompleted completion(Order order) {
            OrderCompleted.Status status =
                    switch (order.status()) {
                        case COMPLETE -> OrderCompleted.Status.COMPLETE;
                        case FAIL -> OrderCompleted.Status.FAIL;
                        case CANCEL -> OrderCompleted.Status.CANCEL;
                        default -> throw new IllegalStateException("no completion for an order in " + order.status());
                    };
            return new OrderCompleted(
                    order.orderId(),
                    status,
                    order.amount(),
                    order.currency(),
                    order.paymentKey(),
                    order.approvedAt(),
                    order.reason(),
                    now);
        }

        private void markProcessed(CloudEvent<EventData> event, String orderId) {
            processed.add(new ProcessedEvent(event.id(), orderId));
            processedIds.add(event.id());
        }

        private void timeline(IncomingRecord.Event record, String result, String reason, OrderStatus status) {
            CloudEvent<EventData> event = record.event();
            timeline.add(new TimelineEntry(
                    record.orderId(),
                    event.id(),
                    event.type(),
                    event.source(),
                    result,
                    reason,
                    status,
                    record.partition(),
                    record.offset()));
            onCommit.add(() -> metrics.eventRecorded(event.type(), result, reason));
        }
    }
}
