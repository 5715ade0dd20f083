package dev.payments.worker.pg.status;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the consumer and the reconciler ask for a payment to be read from the PG API, off the consumer path: inside the
 * caller's transaction, so the request is durable with the state change that asked for it. What the PG answers comes
 * back as a verified {@code payment.pg.status} event (verification LOOKUP) on the order's partition.
 */
@Component
public class StatusCheckRequests {

    /** Read the order's payment: the one with {@code paymentKey}, or (null) the order's payment by orderId. */
    public record Request(String orderId, String paymentKey) {}

    private final StatusCheckJobs checks;
    private final ObjectProvider<StatusCheckDispatcher> dispatcher;

    StatusCheckRequests(StatusCheckJobs checks, ObjectProvider<StatusCheckDispatcher> dispatcher) {
        this.checks = checks;
        this.dispatcher = dispatcher;
    }

    /**
     * Makes the check of each order pending (one row per order ever; see {@link StatusCheckJobs#request}), in one
     * statement. Call {@link #committed} once the transaction has committed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void request(List<Request> requests) {
        checks.request(merged(requests));
    }

    /** The transaction that requested checks has committed: this instance's dispatcher, if it runs one, starts now. */
    public void committed() {
        dispatcher.ifAvailable(StatusCheckDispatcher::wake);
    }

    /**
     * One entry per order, as one statement can touch each row only once: requests naming the same payment keep it,
     * any other mix (two payments, or one request naming none) reads the order's payment by orderId. Sorted by
     * orderId, so that two transactions lock the rows they share in the same order.
     */
    static Collection<StatusCheckJobs.Requested> merged(List<Request> requests) {
        SortedMap<String, StatusCheckJobs.Requested> byOrder = new TreeMap<>();
        for (Request request : requests) {
            byOrder.merge(
                    request.orderId(),
                    new StatusCheckJobs.Requested(request.orderId(), request.paymentKey(), 1),
                    (first, next) -> new StatusCheckJobs.Requested(
                            first.orderId(),
                            Objects.equals(first.paymentKey(), next.paymentKey()) ? first.paymentKey() : null,
                            first.times() + next.times()));
        }
        return byOrder.values();
    }
}
