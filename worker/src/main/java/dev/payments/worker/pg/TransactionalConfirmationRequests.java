package dev.payments.worker.pg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Records the confirm job in the caller's transaction and wakes this instance's dispatcher once that transaction has
 * committed, so the confirm starts at once instead of at the next poll (and never for a rolled-back request).
 */
@Component
class TransactionalConfirmationRequests implements ConfirmationRequests {

    private static final Logger log = LoggerFactory.getLogger(TransactionalConfirmationRequests.class);

    private final ConfirmJobs jobs;
    private final ObjectProvider<ConfirmDispatcher> dispatcher;

    TransactionalConfirmationRequests(ConfirmJobs jobs, ObjectProvider<ConfirmDispatcher> dispatcher) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
    }

    @Override
    public void enqueue(String orderId, String paymentKey, long amount) {
        if (!jobs.insert(orderId, paymentKey, amount)) {
            log.debug("Order {} already has a confirm job; not adding another", orderId);
            return;
        }
        AfterCommit.run(() -> dispatcher.ifAvailable(ConfirmDispatcher::wake));
    }

    @Override
    public void withdraw(String orderId) {
        if (jobs.markDone(orderId, ConfirmJobs.WITHDRAWN)) {
            log.info("Order {} ended before its confirm was decided; the confirm job is withdrawn", orderId);
        }
    }
}
