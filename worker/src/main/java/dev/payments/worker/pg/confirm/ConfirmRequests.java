package dev.payments.worker.pg.confirm;

import dev.payments.support.logging.OrderLogContext;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the consumer asks for PG confirms: inside the transaction that moves orders to {@code SUCCESS}, so the request
 * commits or rolls back with that move, and the confirm itself runs later, off the consumer path. The PG's definitive
 * answer comes back as a {@code payment.pg.confirmation} event on the order's partition.
 */
@Component
public class ConfirmRequests {

    private static final Logger log = LoggerFactory.getLogger(ConfirmRequests.class);

    /** A confirm to make for an order that just reached {@code SUCCESS}. */
    public record NewJob(String orderId, String paymentKey, long amount) {}

    private final ConfirmJobs jobs;
    private final ObjectProvider<ConfirmDispatcher> dispatcher;

    ConfirmRequests(ConfirmJobs jobs, ObjectProvider<ConfirmDispatcher> dispatcher) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
    }

    /**
     * Records a confirm job per order, at most one per order ever (a second request for an orderId changes nothing),
     * in one statement. Call {@link #committed} once the transaction has committed.
     *
     * @return how many jobs were created
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int enqueue(List<NewJob> newJobs) {
        return jobs.insert(newJobs);
    }

    /**
     * These orders ended some other way (the PG's own status, an expiry): their confirm jobs still pending are no
     * longer wanted and stop being retried, in one statement. A confirm already in flight finishes, and its answer
     * still reaches the order's partition, where the state machine refuses or ignores it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void withdraw(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return;
        }
        for (String orderId : jobs.withdraw(orderIds)) {
            try (var logContext = OrderLogContext.order(orderId)) {
                log.info("Order {} ended before its confirm was decided; the confirm job is withdrawn", orderId);
            }
        }
    }

    /** The transaction that enqueued jobs has committed: this instance's dispatcher, if it runs one, starts now. */
    public void committed() {
        dispatcher.ifAvailable(ConfirmDispatcher::wake);
    }
}
