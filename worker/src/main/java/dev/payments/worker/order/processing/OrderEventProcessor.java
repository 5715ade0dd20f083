package dev.payments.worker.order.processing;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderAnomaly;
import dev.payments.schemas.OrderAwaitingDeposit;
import dev.payments.schemas.OrderCompleted;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgRefund;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.RefundCompleted;
import dev.payments.schemas.RefundRequested;
import dev.payments.schemas.Topics;
import dev.payments.support.logging.OrderLogContext;
import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.order.Decision;
import dev.payments.worker.order.Effect;
import dev.payments.worker.order.Order;
import dev.payments.worker.order.OrderStateMachine;
import dev.payments.worker.order.OrderStatus;
import dev.payments.worker.order.Refund;
import dev.payments.worker.order.Rejection;
import dev.payments.worker.order.persistence.EventLookups;
import dev.payments.worker.order.persistence.OrderStore;
import dev.payments.worker.order.persistence.ParkedEvent;
import dev.payments.worker.order.persistence.ParkedEvents;
import dev.payments.worker.order.persistence.ProcessedEvent;
import dev.payments.worker.order.persistence.RefundStore;
import dev.payments.worker.order.persistence.StoredOrder;
import dev.payments.worker.order.persistence.TimelineEntry;
import dev.payments.worker.outbox.OutgoingRecord;
import dev.payments.worker.pg.confirm.ConfirmRequests;
import dev.payments.worker.pg.deposit.DepositCancelRequests;
import dev.payments.worker.pg.refund.RefundRequests;
import dev.payments.worker.pg.status.StatusCheckRequests;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies records of the order-events topic, in offset order, as one unit of work per call: it reads what the records
 * need (their orders, which of their ids are claimed or parked), checks each event's worker proof, decides every record
 * with {@link OrderStateMachine}, collecting the rows each decision implies in a {@link UnitOfWork}, and writes that
 * unit in one transaction. The listener commits the Kafka offsets only after this returns, i.e. after the commit.
 *
 * <p>An id is claimed only by what it did (docs/contract.md §2): only an applied event records its id, with its
 * content's fingerprint, in the event-id log. A later event under a claimed id is a duplicate when its content is the
 * same and is refused (EVENT_ID_REUSED) when it is not; a rejected, unauthenticated or merely duplicate event claims
 * nothing, so an event sent first under someone else's id cannot make the genuine one a duplicate. A refund request
 * claims no id at all: its refund, recorded under the order by refundId, is what makes a repetition a duplicate and
 * another body under that refundId a CONFLICTING_REFUND (docs/contract.md §2).
 *
 * <p>Refunds are part of their order: the batch reads the refunds of the orders whose events may concern them (refund
 * requests and answers, the PG's word on a payment), folds every refund a decision records into the order, and writes
 * such an order with a new version, which fences its refunds like its status.
 */
@Service
public class OrderEventProcessor {

    private static final Logger log = LoggerFactory.getLogger(OrderEventProcessor.class);

    private final OrderStore orders;
    private final RefundStore refunds;
    private final EventLookups lookups;
    private final ParkedEvents parkedEvents;
    private final EventDecoder decoder;
    private final UnitOfWorkWriter writer;
    private final TransactionTemplate transactions;
    private final WorkerMetrics metrics;
    private final EventAuthenticator authenticator;
    private final Clock clock;

    OrderEventProcessor(
            OrderStore orders,
            RefundStore refunds,
            EventLookups lookups,
            ParkedEvents parkedEvents,
            EventDecoder decoder,
            UnitOfWorkWriter writer,
            TransactionTemplate transactions,
            WorkerMetrics metrics,
            EventAuthenticator authenticator,
            Clock clock) {
        this.orders = orders;
        this.refunds = refunds;
        this.lookups = lookups;
        this.parkedEvents = parkedEvents;
        this.decoder = decoder;
        this.writer = writer;
        this.transactions = transactions;
        this.metrics = metrics;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** Decides and writes {@code records} in one transaction; returns once it has committed. */
    public void process(List<IncomingRecord> records) {
        UnitOfWork work = transactions.execute(status -> {
            UnitOfWork decided = new Batch(records, clock.instant()).decide();
            writer.write(decided);
            return decided;
        });
        writer.committed(work);
    }

    /** Sends one record to the dead-letter topic in a transaction of its own, with why it could not be applied. */
    public void deadLetter(IncomingRecord record, Exception failure) {
        UnitOfWork work = new UnitOfWork(clock.instant());
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
        deadLetter(work, poison, failure.getClass().getName());
        transactions.executeWithoutResult(status -> writer.write(work));
        writer.committed(work);
    }

    private void deadLetter(UnitOfWork work, IncomingRecord.Poison poison, String exceptionClass) {
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
        work.emit(new OutgoingRecord.DeadLetter(poison.key(), poison.value(), headers));
        work.count(() -> metrics.deadLettered(poison.errorKind()));
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Counted and logged once the batch has committed; never the key or the proof. */
    private void unauthenticated(CloudEvent<EventData> event, String orderId) {
        metrics.unauthenticatedEvent(event.type());
        log.error(
                "Rejected {} {} for order {}: it claims the PG's word or a worker's decision without a valid worker proof"
                        + " (UNAUTHENTICATED_EVENT); someone other than a worker wrote it to the order-events topic",
                event.type(),
                printable(event.id()),
                orderId);
    }

    /** Logged once the batch has committed; never the secret the hint carried, nor the order's. */
    private void secretMismatch(CloudEvent<EventData> event, String orderId) {
        boolean carriesNone = event.data() instanceof PgStatus status && status.secret() == null;
        log.warn(
                "Rejected {} {} for order {}: {} (DEPOSIT_SECRET_MISMATCH); the PG was not asked",
                event.type(),
                printable(event.id()),
                orderId,
                carriesNone
                        ? "it carries no secret, and the order's virtual account has one"
                        : "its secret is not the one of the order's virtual account");
    }

    private void idReused(CloudEvent<EventData> event, String orderId) {
        metrics.eventIdReused(event.type());
        log.warn(
                "Rejected {} {} for order {}: its id is taken by an event with other content (EVENT_ID_REUSED)",
                event.type(),
                printable(event.id()),
                orderId);
    }

    /** An event id is any producer's text: no line breaks or other control characters reach the log. */
    private static String printable(String text) {
        return text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    /**
     * One batch being decided: every order and event id it touches is read once, up front; each record's decision adds
     * its rows to the batch's {@link UnitOfWork}; at the end each changed order is added once, whatever number of its
     * events the batch applied.
     */
    private final class Batch {
        private final List<IncomingRecord> records;
        private final Instant now;
        private final UnitOfWork work;
        /** The batch's orders as it goes; an order the batch creates has no stored version. */
        private final Map<String, Order> current = new LinkedHashMap<>();

        private final Map<String, StoredOrder> stored;
        private final Set<String> changed = new LinkedHashSet<>();
        /** Ids applied events claimed, with their fingerprints (null: claimed before fingerprints were kept). */
        private final Map<String, String> claimedIds;
        /** Ids of parked events, with their fingerprints (null: parked before fingerprints were kept). */
        private final Map<String, String> parkedIds;

        private final Set<String> ordersWithParked;
        /** Events parked by this batch, not yet written: an issuance later in the batch applies them at once. */
        private final Map<String, List<ParkedEvent>> parkedNow = new LinkedHashMap<>();

        Batch(List<IncomingRecord> records, Instant now) {
            this.records = records;
            this.now = now;
            this.work = new UnitOfWork(now);
            Set<String> orderIds = new HashSet<>();
            Set<String> withRefundEvents = new HashSet<>();
            Set<String> withPgWord = new HashSet<>();
            Set<String> eventIds = new HashSet<>();
            for (IncomingRecord record : records) {
                if (record instanceof IncomingRecord.Event e) {
                    orderIds.add(e.orderId());
                    eventIds.add(e.event().id());
                    EventData data = e.event().data();
                    if (data instanceof RefundRequested || data instanceof PgRefund) {
                        withRefundEvents.add(e.orderId());
                    } else if (data instanceof PgStatus || data instanceof PgConfirmation) {
                        withPgWord.add(e.orderId());
                    }
                }
            }
            stored = orders.load(orderIds);
            Set<String> withRefunds = new HashSet<>(withRefundEvents);
            // the PG's word looks at refunds only of an ended order (a give-back, a cancel outside us); an order still
            // open when read holds none that matter, so a batch of confirmations skips the read
            withPgWord.stream()
                    .filter(id -> stored.containsKey(id)
                            && stored.get(id).order().status().isTerminal())
                    .forEach(withRefunds::add);
            withRefunds.retainAll(stored.keySet());
            Map<String, List<Refund>> storedRefunds = refunds.load(withRefunds);
            stored.forEach((orderId, order) ->
                    current.put(orderId, order.order().withRefunds(storedRefunds.getOrDefault(orderId, List.of()))));
            claimedIds = lookups.claimed(eventIds);
            EventLookups.Parked parked = lookups.parked(eventIds, orderIds);
            parkedIds = parked.eventIds();
            ordersWithParked = parked.orderIds();
        }

        UnitOfWork decide() {
            for (IncomingRecord record : records) {
                switch (record) {
                    case IncomingRecord.Poison p -> deadLetter(work, p, "none");
                    case IncomingRecord.Event e -> apply(e, false);
                }
            }
            for (String orderId : changed) {
                StoredOrder read = stored.get(orderId);
                if (read == null) {
                    work.createOrder(current.get(orderId));
                } else {
                    work.changeOrder(new StoredOrder(current.get(orderId), read.version()));
                }
            }
            return work;
        }

        private void apply(IncomingRecord.Event record, boolean replayingParked) {
            CloudEvent<EventData> event = record.event();
            try (var logContext = OrderLogContext.event(record.orderId(), event.id(), event.type())) {
                decide(record, replayingParked);
            }
        }

        private void decide(IncomingRecord.Event record, boolean replayingParked) {
            CloudEvent<EventData> event = record.event();
            String orderId = record.orderId();
            Order order = current.get(orderId);
            OrderStatus before = order == null ? null : order.status();

            // an id applied before, or parked and waiting (unless this is that parked event, replayed now)
            boolean claimed = claimedIds.containsKey(event.id());
            if (claimed || (!replayingParked && parkedIds.containsKey(event.id()))) {
                String recorded = claimed ? claimedIds.get(event.id()) : parkedIds.get(event.id());
                if (EventFingerprint.matches(recorded, EventFingerprint.of(event))) {
                    timeline(record, "DUPLICATE", Decision.Duplicate.SAME_EVENT, before);
                } else {
                    timeline(record, "REJECTED", Rejection.EVENT_ID_REUSED.name(), before);
                    work.count(() -> idReused(event, orderId));
                }
                return;
            }
            boolean authenticated = authenticator.authenticated(event, now);
            switch (OrderStateMachine.decide(order, event, authenticated, now)) {
                case Decision.Parked parked -> park(record);
                case Decision.Applied applied -> {
                    // a refund request's refund, kept by refundId, tells its repetitions apart (see the class comment)
                    if (!(event.data() instanceof RefundRequested)) {
                        claim(event, orderId);
                    }
                    current.put(orderId, applied.order());
                    changed.add(orderId);
                    applied.effects().forEach(effect -> perform(effect, event));
                    OrderStatus after = applied.order().status();
                    if (after != before && after.isTerminal() && !(event.data() instanceof PgConfirmation)) {
                        work.withdrawConfirm(orderId);
                    }
                    timeline(record, applied.result(), applied.reason(), after);
                    if (after != before) {
                        String from = before == null ? "NONE" : before.name();
                        work.count(() -> metrics.transition(from, after.name()));
                    }
                    if (before == null && event.data() instanceof OrderIssued && ordersWithParked.remove(orderId)) {
                        releaseParked(orderId);
                    }
                }
                // Claims nothing: it asked for the state the order is already in, so an event under its id is decided
                // afresh and comes to the same (a second no-op), whereas a claim would let an event that did nothing
                // decide what a later event with its id means (docs/contract.md §2: only an applied event claims).
                case Decision.Duplicate duplicate -> timeline(record, duplicate.result(), duplicate.reason(), before);
                case Decision.Rejected rejected -> {
                    rejected.effects().forEach(effect -> perform(effect, event));
                    timeline(record, rejected.result(), rejected.reason().name(), before);
                    switch (rejected.reason()) {
                        case LATE_EVENT -> work.count(() -> metrics.lateEvent(event.type(), before.name()));
                        case UNAUTHENTICATED_EVENT -> work.count(() -> unauthenticated(event, orderId));
                        case DEPOSIT_SECRET_MISMATCH -> work.count(() -> secretMismatch(event, orderId));
                        default -> {}
                    }
                }
            }
        }

        private void park(IncomingRecord.Event record) {
            CloudEvent<EventData> event = record.event();
            String fingerprint = EventFingerprint.of(event);
            ParkedEvent parked = new ParkedEvent(
                    null,
                    event.id(),
                    record.orderId(),
                    event.type(),
                    record.raw(),
                    record.partition(),
                    record.offset(),
                    now,
                    fingerprint);
            work.park(parked);
            parkedNow.computeIfAbsent(record.orderId(), id -> new ArrayList<>()).add(parked);
            parkedIds.put(event.id(), fingerprint);
            ordersWithParked.add(record.orderId());
            timeline(record, "PARKED", null, null);
        }

        /** The order just arrived: apply what waited for it, in arrival order, as if it had come now. */
        private void releaseParked(String orderId) {
            List<ParkedEvent> waiting = new ArrayList<>(parkedEvents.ofOrder(orderId));
            waiting.addAll(parkedNow.getOrDefault(orderId, List.of()));
            parkedNow.remove(orderId);
            for (ParkedEvent parked : waiting) {
                ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(
                        Topics.ORDER_EVENTS,
                        parked.kafkaPartition(),
                        parked.kafkaOffset(),
                        orderId.getBytes(StandardCharsets.UTF_8),
                        parked.payload());
                switch (decoder.decode(original)) {
                    case IncomingRecord.Event e -> apply(e, true);
                    case IncomingRecord.Poison p -> deadLetter(work, p, "none");
                }
                parkedIds.remove(parked.eventId());
                work.unpark(parked);
            }
        }

        private void perform(Effect effect, CloudEvent<EventData> cause) {
            switch (effect) {
                case Effect.RequestConfirm c ->
                    work.requestConfirm(new ConfirmRequests.NewJob(c.orderId(), c.paymentKey(), c.amount()));
                case Effect.RequestStatusCheck c ->
                    work.requestStatusCheck(new StatusCheckRequests.Request(c.orderId(), c.paymentKey()));
                case Effect.PublishCompletion c ->
                    work.emit(new OutgoingRecord.Completion(
                            CloudEvent.of(
                                    EventIds.completion(c.order().orderId()),
                                    EventSources.WORKER,
                                    now,
                                    completion(c.order())),
                            cause.time(),
                            cause.type()));
                case Effect.ReportMoneyAnomaly report -> reportAnomaly(report, cause);
                case Effect.SaveRefund save -> {
                    // a refund is part of its order: folded into the batch's order, written with its new version
                    current.put(save.orderId(), current.get(save.orderId()).withRefund(save.refund()));
                    changed.add(save.orderId());
                    work.saveRefund(new RefundStore.OrderRefund(save.orderId(), save.refund()));
                }
                case Effect.RequestRefund r ->
                    work.requestRefund(new RefundRequests.NewJob(
                            r.orderId(), r.refundId(), r.paymentKey(), r.amount(), r.reason(), r.refundAccount()));
                case Effect.RequestDepositCancel c ->
                    work.requestDepositCancel(new DepositCancelRequests.NewJob(c.orderId(), c.paymentKey()));
                case Effect.PublishAwaitingDeposit p -> work.emit(awaitingDeposit(p.order(), cause));
                case Effect.PublishRefundCompletion c ->
                    work.emit(new OutgoingRecord.Completion(
                            CloudEvent.of(
                                    EventIds.refundCompleted(
                                            c.order().orderId(), c.refund().refundId()),
                                    EventSources.WORKER,
                                    now,
                                    refundCompletion(c.order(), c.refund())),
                            null,
                            null));
            }
        }

        /**
         * The shop's {@code payment.order.awaiting-deposit}: where and by when the buyer transfers the money. Not a
         * completion, so not timed; issued when the confirm job read the PG's answer.
         */
        private OutgoingRecord awaitingDeposit(Order order, CloudEvent<EventData> cause) {
            return new OutgoingRecord.Completion(
                    CloudEvent.of(
                            EventIds.awaitingDeposit(order.orderId()),
                            EventSources.WORKER,
                            now,
                            OrderAwaitingDeposit.of(
                                    order.orderId(),
                                    order.amount(),
                                    order.currency(),
                                    order.virtualAccount(),
                                    order.method(),
                                    order.paymentKey(),
                                    cause.time() != null ? cause.time() : now)),
                    null,
                    null);
        }

        private RefundCompleted refundCompletion(Order order, Refund refund) {
            RefundCompleted.Status status =
                    switch (refund.status()) {
                        case SUCCEEDED -> RefundCompleted.Status.SUCCEEDED;
                        case FAILED -> RefundCompleted.Status.FAILED;
                        case REQUESTED ->
                            throw new IllegalStateException("no record for a refund still " + refund.status());
                    };
            return new RefundCompleted(
                    order.orderId(),
                    refund.refundId(),
                    status,
                    refund.amount(),
                    order.refundedAmount(),
                    order.currency(),
                    refund.reason(),
                    refund.code(),
                    now);
        }

        /**
         * Tells the shop through the outbox when the anomaly says so (a record of its own, not a completion: it is not
         * timed), and counts and logs the anomaly once the batch has committed.
         */
        private void reportAnomaly(Effect.ReportMoneyAnomaly report, CloudEvent<EventData> cause) {
            Order order = report.order();
            String reason = report.anomaly().name();
            if (report.anomaly().tellsTheShop()) {
                OrderAnomaly anomaly = new OrderAnomaly(
                        order.orderId(),
                        reason,
                        order.amount(),
                        order.currency(),
                        report.paymentKey(),
                        report.pgStatus(),
                        report.pgAmount(),
                        now);
                work.emit(new OutgoingRecord.Completion(
                        CloudEvent.of(EventIds.anomaly(order.orderId(), reason), EventSources.WORKER, now, anomaly),
                        null,
                        null));
            }
            work.count(() -> {
                metrics.moneyAnomaly(reason);
                try (var logContext = OrderLogContext.event(order.orderId(), cause.id(), cause.type())) {
                    log.error(
                            "Money anomaly {} on order {} ({}, {} {}): the PG says {} for {} ({}); an operator must look",
                            reason,
                            order.orderId(),
                            order.status(),
                            order.amount(),
                            order.currency(),
                            report.pgStatus(),
                            report.pgAmount() == null ? "an amount it did not name" : report.pgAmount(),
                            cause.type());
                }
            });
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

        /** The event was applied: it claims its id, with its content. */
        private void claim(CloudEvent<EventData> event, String orderId) {
            String fingerprint = EventFingerprint.of(event);
            work.processed(new ProcessedEvent(event.id(), orderId, fingerprint));
            claimedIds.put(event.id(), fingerprint);
        }

        private void timeline(IncomingRecord.Event record, String result, String reason, OrderStatus status) {
            CloudEvent<EventData> event = record.event();
            work.timeline(new TimelineEntry(
                    record.orderId(),
                    event.id(),
                    event.type(),
                    event.source(),
                    result,
                    reason,
                    status,
                    record.partition(),
                    record.offset()));
            work.count(() -> metrics.eventRecorded(event.type(), result, reason));
        }
    }
}
