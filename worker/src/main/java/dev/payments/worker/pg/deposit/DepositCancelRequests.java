package dev.payments.worker.pg.deposit;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the consumer asks for the cancel of a virtual account whose deposit deadline passed: inside the transaction that
 * records the deadline, so the request commits or rolls back with it, and the cancel itself runs later, off the
 * consumer path. The PG's answer comes back as a verified {@code payment.pg.status} on the order's partition.
 */
@Component
public class DepositCancelRequests {

    /** A whole, unpaid virtual-account payment to cancel at the PG. */
    public record NewJob(String orderId, String paymentKey) {}

    private final DepositCancelJobs jobs;
    private final ObjectProvider<DepositCancelDispatcher> dispatcher;

    DepositCancelRequests(DepositCancelJobs jobs, ObjectProvider<DepositCancelDispatcher> dispatcher) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
    }

    /**
     * Records a cancel job per order, at most one per order ever (a second request for an orderId changes nothing), in
     * one statement. Call {@link #committed} once the transaction has committed.
     *
     * @return how many jobs were created
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int enqueue(List<NewJob> newJobs) {
        return jobs.insert(newJobs);
    }

    /** The transaction that enqueued jobs has committed: this instance's dispatcher, if it runs one, starts now. */
    public void committed() {
        dispatcher.ifAvailable(DepositCancelDispatcher::wake);
    }
}
