package dev.payments.worker.order.processing;

import dev.payments.worker.order.Order;
import dev.payments.worker.order.persistence.ParkedEvent;
import dev.payments.worker.order.persistence.ProcessedEvent;
import dev.payments.worker.order.persistence.RefundStore;
import dev.payments.worker.order.persistence.StoredOrder;
import dev.payments.worker.order.persistence.TimelineEntry;
import dev.payments.worker.outbox.OutgoingRecord;
import dev.payments.worker.pg.confirm.ConfirmRequests;
import dev.payments.worker.pg.deposit.DepositCancelRequests;
import dev.payments.worker.pg.refund.RefundRequests;
import dev.payments.worker.pg.status.StatusCheckRequests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one poll batch (or one sweep) decided, as rows, collected while it decides and written afterwards, all at
 * once, by {@link UnitOfWorkWriter} in one transaction. Nothing is written while records are being decided, and
 * nothing is written anywhere else: this class is the whole of what a batch changes.
 */
final class UnitOfWork {

    final Instant now;
    final List<Order> createdOrders = new ArrayList<>();
    final List<StoredOrder> changedOrders = new ArrayList<>();
    final List<ProcessedEvent> processed = new ArrayList<>();
    final List<TimelineEntry> timeline = new ArrayList<>();
    final List<ParkedEvent> parked = new ArrayList<>();
    /** Parked rows whose events were applied or rejected now. */
    final List<Long> unparked = new ArrayList<>();

    final List<ConfirmRequests.NewJob> confirms = new ArrayList<>();
    final Set<String> withdrawnConfirms = new LinkedHashSet<>();
    final List<StatusCheckRequests.Request> statusChecks = new ArrayList<>();
    /** New and changed refunds, the last state of each (keyed by orderId and refundId). */
    private final Map<List<String>, RefundStore.OrderRefund> refunds = new LinkedHashMap<>();

    final List<RefundRequests.NewJob> refundJobs = new ArrayList<>();
    final List<DepositCancelRequests.NewJob> depositCancels = new ArrayList<>();
    final List<OutgoingRecord> outgoing = new ArrayList<>();
    /** Counted only once the transaction has committed: a rolled-back batch is decided again and counted then. */
    final List<Runnable> metrics = new ArrayList<>();

    UnitOfWork(Instant now) {
        this.now = now;
    }

    void createOrder(Order order) {
        createdOrders.add(order);
    }

    void changeOrder(StoredOrder order) {
        changedOrders.add(order);
    }

    void processed(ProcessedEvent event) {
        processed.add(event);
    }

    void timeline(TimelineEntry entry) {
        timeline.add(entry);
    }

    void park(ParkedEvent event) {
        parked.add(event);
    }

    /** A parked event decided now: a stored row is deleted, one parked earlier in this unit is never written. */
    void unpark(ParkedEvent event) {
        if (event.id() == null) {
            parked.remove(event);
        } else {
            unparked.add(event.id());
        }
    }

    void requestConfirm(ConfirmRequests.NewJob job) {
        confirms.add(job);
    }

    void withdrawConfirm(String orderId) {
        withdrawnConfirms.add(orderId);
    }

    void requestStatusCheck(StatusCheckRequests.Request request) {
        statusChecks.add(request);
    }

    void saveRefund(RefundStore.OrderRefund refund) {
        refunds.put(List.of(refund.orderId(), refund.refund().refundId()), refund);
    }

    List<RefundStore.OrderRefund> refunds() {
        return List.copyOf(refunds.values());
    }

    void requestDepositCancel(DepositCancelRequests.NewJob job) {
        depositCancels.add(job);
    }

    void requestRefund(RefundRequests.NewJob job) {
        refundJobs.add(job);
    }

    void emit(OutgoingRecord record) {
        outgoing.add(record);
    }

    void count(Runnable metric) {
        metrics.add(metric);
    }
}
