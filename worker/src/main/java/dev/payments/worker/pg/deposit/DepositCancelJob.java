package dev.payments.worker.pg.deposit;

import dev.payments.worker.pg.jobs.LeasedJob;

/**
 * A deposit-cancel job this instance has claimed: one row of {@code pg_deposit_cancels}, leased to us until it is done
 * or rescheduled.
 *
 * @param paymentKey the virtual account's payment, cancelled in full at the PG
 * @param idempotencyKey the key of the current generation, under which every cancel is made until the PG answers with
 *     a code of its own (which it would replay under that key)
 * @param keyGeneration how many keys the job has used, this one included
 * @param attempts claims so far, this one included (see {@link LeasedJob#attempts})
 * @param refusals cancels the PG refused so far while the payment still waited for its deposit
 */
record DepositCancelJob(
        String orderId, String paymentKey, String idempotencyKey, int keyGeneration, int attempts, int refusals)
        implements LeasedJob {

    /**
     * The Idempotency-Key of the job's {@code generation}-th key: {@code deposit-expired-<orderId>}, then that and
     * {@code .<generation>}. Apart from every refund's ({@code refund-…}), since the PG keys idempotency by key and URL,
     * and the refunds of the order cancel the same payment's URL.
     */
    static String idempotencyKeyFor(String orderId, int generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("key generations start at 1: " + generation);
        }
        String first = "deposit-expired-" + orderId;
        return generation == 1 ? first : first + "." + generation;
    }

    /** The key of the next generation, once the PG has answered under this one with a code of its own. */
    String nextIdempotencyKey() {
        return idempotencyKeyFor(orderId, keyGeneration + 1);
    }
}
