package dev.payments.worker.pg.refund;

import dev.payments.schemas.RefundReceiveAccount;
import dev.payments.worker.pg.jobs.LeasedJob;

/**
 * A refund job this instance has claimed: one row of {@code pg_refunds}, leased to us until it is done or rescheduled.
 *
 * @param amount KRW won to cancel
 * @param reason the cancel reason sent to the PG, and matched in its {@code cancels[]}
 * @param idempotencyKey the key of the current generation, under which every attempt is made until the PG answers
 *     definitively that it cancelled nothing under it
 * @param keyGeneration how many keys the refund has used, this one included
 * @param attempts claims so far, this one included (see {@link LeasedJob#attempts})
 * @param refundAccount the buyer's account a deposited virtual account's refund is paid into; null for any other
 *     payment (its toString masks the number and holder)
 */
record RefundJob(
        String orderId,
        String refundId,
        String paymentKey,
        long amount,
        String reason,
        String idempotencyKey,
        int keyGeneration,
        int attempts,
        RefundReceiveAccount refundAccount)
        implements LeasedJob {

    /** {@code pg_refunds} holds one job per refund: several per order. */
    @Override
    public String jobKey() {
        return jobKeyOf(orderId, refundId);
    }

    /** The job's row key: {@code <orderId>:<refundId>} (neither id may contain a colon). */
    static String jobKeyOf(String orderId, String refundId) {
        return orderId + ":" + refundId;
    }

    /**
     * The Idempotency-Key of a refund's {@code generation}-th key: {@code refund-<orderId>-<refundId>}, then that and
     * {@code .<generation>}. Stable per refund, so a retry can never cancel twice, and distinct per refund, since the
     * PG keys idempotency by key and URL (one payment's URL for all of an order's refunds). The generation is set off by
     * a dot, which no refundId contains: refund {@code r}'s second key can never be refund {@code r-2}'s first.
     */
    static String idempotencyKeyFor(String orderId, String refundId, int generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("key generations start at 1: " + generation);
        }
        String first = "refund-" + orderId + "-" + refundId;
        return generation == 1 ? first : first + "." + generation;
    }

    /** The key of the next generation, for when the PG has answered definitively that this one cancelled nothing. */
    String nextIdempotencyKey() {
        return idempotencyKeyFor(orderId, refundId, keyGeneration + 1);
    }
}
