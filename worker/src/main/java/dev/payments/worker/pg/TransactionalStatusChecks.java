package dev.payments.worker.pg;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Records the status check in the caller's transaction (durable with the state change that asked for it) and wakes
 * this instance's status-check dispatcher once that transaction has committed, so the look-up starts at once instead
 * of at the next poll (and never for a rolled-back request).
 */
@Component
class TransactionalStatusChecks implements StatusChecks {

    private final StatusCheckJobs checks;
    private final ObjectProvider<StatusCheckDispatcher> dispatcher;

    TransactionalStatusChecks(StatusCheckJobs checks, ObjectProvider<StatusCheckDispatcher> dispatcher) {
        this.checks = checks;
        this.dispatcher = dispatcher;
    }

    @Override
    public void request(String orderId, String paymentKey) {
        checks.request(orderId, paymentKey);
        AfterCommit.run(() -> dispatcher.ifAvailable(StatusCheckDispatcher::wake));
    }
}
