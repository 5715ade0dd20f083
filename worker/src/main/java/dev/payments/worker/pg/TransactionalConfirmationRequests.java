package dev.payments.worker.pg;

import dev.payments.worker.transaction.BeforeCommit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Records confirm jobs (and their withdrawals) in the caller's transaction and wakes this instance's dispatcher once
 * that transaction has committed, so the confirm starts at once instead of at the next poll (and never for a
 * rolled-back request). The requests of one transaction are written together just before it commits, in the order
 * they were made, as one batched statement per run of the same kind: a poll batch of the consumer asks for hundreds of
 * confirms, and a round trip each would put the database's latency on the ordered consumer path hundreds of times.
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
        requests().add(new ConfirmJobs.NewJob(orderId, paymentKey, amount));
    }

    @Override
    public void withdraw(String orderId) {
        requests().add(orderId);
    }

    /** This transaction's requests, written just before it commits. */
    private Requests requests() {
        return BeforeCommit.buffer(this, Requests::new, Requests::write, requests -> {
            if (requests.created > 0) {
                dispatcher.ifAvailable(ConfirmDispatcher::wake);
            }
        });
    }

    /**
     * Requests in the order they were made: a {@link ConfirmJobs.NewJob} or the orderId of a withdrawal. Consecutive
     * requests of one kind go out as one statement, so the order between an enqueue and a withdrawal is kept.
     */
    private final class Requests {
        private final List<Object> made = new ArrayList<>();
        private int created;

        void add(Object request) {
            made.add(request);
        }

        void write() {
            int from = 0;
            while (from < made.size()) {
                boolean newJobs = made.get(from) instanceof ConfirmJobs.NewJob;
                int to = from;
                while (to < made.size() && (made.get(to) instanceof ConfirmJobs.NewJob) == newJobs) {
                    to++;
                }
                List<Object> run = made.subList(from, to);
                if (newJobs) {
                    created += jobs.insert(
                            run.stream().map(ConfirmJobs.NewJob.class::cast).toList());
                } else {
                    withdraw(run.stream().map(String.class::cast).toList());
                }
                from = to;
            }
            made.clear();
        }

        private void withdraw(List<String> orderIds) {
            for (String orderId : jobs.markDone(orderIds, ConfirmJobs.WITHDRAWN)) {
                log.info("Order {} ended before its confirm was decided; the confirm job is withdrawn", orderId);
            }
        }
    }
}
