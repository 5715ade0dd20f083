package dev.payments.worker.order.processing;

import dev.payments.worker.order.persistence.EventRecords;
import dev.payments.worker.order.persistence.OrderStore;
import dev.payments.worker.order.persistence.ParkedEvents;
import dev.payments.worker.order.persistence.RefundStore;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.confirm.ConfirmRequests;
import dev.payments.worker.pg.deposit.DepositCancelRequests;
import dev.payments.worker.pg.refund.RefundRequests;
import dev.payments.worker.pg.status.StatusCheckRequests;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a {@link UnitOfWork} in the caller's transaction, one statement per table, in this order:
 *
 * <ol>
 *   <li>changed orders, each fenced by the version the batch read: a row another consumer moved on fails the whole
 *       transaction here, before anything else is written;
 *   <li>new orders;
 *   <li>new and changed refunds (their orders were written with a new version just before, which fences them);
 *   <li>the event-id log ({@code processed_events}: the ids applied events claim): a second record of an event id
 *       fails the transaction;
 *   <li>the timeline, in the order the records were read;
 *   <li>parked events: the ones decided now removed (failing if another transaction decided them first), new ones
 *       added;
 *   <li>confirm jobs: new ones, then withdrawals of orders that ended another way;
 *   <li>status checks;
 *   <li>refund jobs (cancels to make at the PG);
 *   <li>deposit cancels (virtual accounts past their deadline, to cancel at the PG);
 *   <li>the outbox: completions, dead letters and events fed back to the order-events topic, last, so that nothing
 *       leaves for a decision whose rows did not all go in.
 * </ol>
 *
 * After the transaction has committed, {@link #committed} counts the unit's metrics and wakes whoever has new work.
 */
@Component
class UnitOfWorkWriter {

    private final OrderStore orders;
    private final EventRecords eventRecords;
    private final ParkedEvents parkedEvents;
    private final ConfirmRequests confirms;
    private final StatusCheckRequests statusChecks;
    private final RefundStore refunds;
    private final RefundRequests refundJobs;
    private final DepositCancelRequests depositCancels;
    private final Outbox outbox;

    UnitOfWorkWriter(
            OrderStore orders,
            EventRecords eventRecords,
            ParkedEvents parkedEvents,
            ConfirmRequests confirms,
            StatusCheckRequests statusChecks,
            RefundStore refunds,
            RefundRequests refundJobs,
            DepositCancelRequests depositCancels,
            Outbox outbox) {
        this.orders = orders;
        this.eventRecords = eventRecords;
        this.parkedEvents = parkedEvents;
        this.confirms = confirms;
        this.statusChecks = statusChecks;
        this.refunds = refunds;
        this.refundJobs = refundJobs;
        this.depositCancels = depositCancels;
        this.outbox = outbox;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void write(UnitOfWork work) {
        orders.update(work.changedOrders, work.now);
        orders.insert(work.createdOrders, work.now);
        refunds.save(work.refunds(), work.now);
        eventRecords.processed(work.processed, work.now);
        eventRecords.timeline(work.timeline, work.now);
        parkedEvents.delete(work.unparked);
        parkedEvents.insert(work.parked);
        confirms.enqueue(work.confirms);
        confirms.withdraw(work.withdrawnConfirms);
        statusChecks.request(work.statusChecks);
        refundJobs.enqueue(work.refundJobs);
        depositCancels.enqueue(work.depositCancels);
        outbox.write(work.outgoing, work.now);
    }

    /** The unit's transaction has committed. */
    void committed(UnitOfWork work) {
        work.metrics.forEach(Runnable::run);
        if (!work.confirms.isEmpty()) {
            confirms.committed();
        }
        if (!work.statusChecks.isEmpty()) {
            statusChecks.committed();
        }
        if (!work.refundJobs.isEmpty()) {
            refundJobs.committed();
        }
        if (!work.depositCancels.isEmpty()) {
            depositCancels.committed();
        }
        if (!work.outgoing.isEmpty()) {
            outbox.committed();
        }
    }
}
