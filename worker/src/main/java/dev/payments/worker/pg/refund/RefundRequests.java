package dev.payments.worker.pg.refund;

import dev.payments.schemas.RefundReceiveAccount;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the consumer asks for PG cancels: inside the transaction that records refunds REQUESTED, so the request commits
 * or rolls back with the refund, and the cancel itself runs later, off the consumer path. The PG's definitive answer
 * comes back as a {@code payment.pg.refund} event on the order's partition.
 */
@Component
public class RefundRequests {

    /**
     * A cancel to make at the PG for a refund just recorded REQUESTED.
     *
     * @param amount KRW won to cancel, always named (the worker decided it against the order's balance)
     * @param reason the cancel reason sent to the PG (the refund's reason)
     * @param refundAccount the buyer's account for a deposited virtual account's refund (sent to the PG, kept only
     *     while the job runs); null for any other payment
     */
    public record NewJob(
            String orderId,
            String refundId,
            String paymentKey,
            long amount,
            String reason,
            RefundReceiveAccount refundAccount) {

        public NewJob(String orderId, String refundId, String paymentKey, long amount, String reason) {
            this(orderId, refundId, paymentKey, amount, reason, null);
        }
    }

    private final RefundJobs jobs;
    private final ObjectProvider<RefundDispatcher> dispatcher;

    RefundRequests(RefundJobs jobs, ObjectProvider<RefundDispatcher> dispatcher) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
    }

    /**
     * Records a cancel job per refund, at most one per refund ever (a second request for an orderId and refundId
     * changes nothing), in one statement. Call {@link #committed} once the transaction has committed.
     *
     * @return how many jobs were created
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int enqueue(List<NewJob> newJobs) {
        return jobs.insert(newJobs);
    }

    /** The transaction that enqueued jobs has committed: this instance's dispatcher, if it runs one, starts now. */
    public void committed() {
        dispatcher.ifAvailable(RefundDispatcher::wake);
    }
}
