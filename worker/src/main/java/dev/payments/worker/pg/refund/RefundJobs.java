package dev.payments.worker.pg.refund;

import dev.payments.schemas.RefundReceiveAccount;
import dev.payments.worker.pg.jobs.LeasedJobTable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code pg_refunds} table: one job per refund ever, keyed {@code <orderId>:<refundId>}, PENDING until the PG's
 * definitive answer is recorded (state DONE, outcome SUCCEEDED or FAILED). A deposited virtual account's refund
 * account is held in the row only until then. {@link #insert} runs in the consumer's
 * transaction, {@link #markDone} in the outcome writer's, {@link #rotateKey} on its own. All times are the database's.
 */
@Component
class RefundJobs extends LeasedJobTable<RefundJob> {

    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";

    RefundJobs(JdbcClient jdbc) {
        super(jdbc, "pg_refunds", "job_key");
    }

    /**
     * PENDING jobs due now under their first Idempotency-Key, one per refund that has none yet, in one statement.
     *
     * @return how many were created
     */
    int insert(List<RefundRequests.NewJob> newJobs) {
        if (newJobs.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        INSERT INTO pg_refunds (job_key, order_id, refund_id, payment_key, amount, reason,
                                                idempotency_key, key_generation, state, attempts, next_attempt_at,
                                                created_at, updated_at, refund_bank, refund_account_number,
                                                refund_holder_name)
                        SELECT job.job_key, job.order_id, job.refund_id, job.payment_key, job.amount, job.reason,
                               job.idempotency_key, 1, 'PENDING', 0, now(), now(), now(), job.bank,
                               job.account_number, job.holder_name
                          FROM unnest(:jobKeys::text[], :orderIds::text[], :refundIds::text[], :paymentKeys::text[],
                                      :amounts::bigint[], :reasons::text[], :idempotencyKeys::text[],
                                      :banks::text[], :accountNumbers::text[], :holderNames::text[])
                               AS job(job_key, order_id, refund_id, payment_key, amount, reason, idempotency_key,
                                      bank, account_number, holder_name)
                        ON CONFLICT (job_key) DO NOTHING""")
                .param(
                        "jobKeys",
                        newJobs.stream()
                                .map(job -> RefundJob.jobKeyOf(job.orderId(), job.refundId()))
                                .toArray(String[]::new))
                .param(
                        "orderIds",
                        newJobs.stream().map(RefundRequests.NewJob::orderId).toArray(String[]::new))
                .param(
                        "refundIds",
                        newJobs.stream().map(RefundRequests.NewJob::refundId).toArray(String[]::new))
                .param(
                        "paymentKeys",
                        newJobs.stream().map(RefundRequests.NewJob::paymentKey).toArray(String[]::new))
                .param(
                        "amounts",
                        newJobs.stream().map(RefundRequests.NewJob::amount).toArray(Long[]::new))
                .param(
                        "reasons",
                        newJobs.stream().map(RefundRequests.NewJob::reason).toArray(String[]::new))
                .param(
                        "idempotencyKeys",
                        newJobs.stream()
                                .map(job -> RefundJob.idempotencyKeyFor(job.orderId(), job.refundId(), 1))
                                .toArray(String[]::new))
                .param("banks", accountFields(newJobs, RefundReceiveAccount::bank))
                .param("accountNumbers", accountFields(newJobs, RefundReceiveAccount::accountNumber))
                .param("holderNames", accountFields(newJobs, RefundReceiveAccount::holderName))
                .update();
    }

    /** One field of each job's refund account, null for a job without one. */
    private static String[] accountFields(
            List<RefundRequests.NewJob> newJobs, Function<RefundReceiveAccount, String> field) {
        return newJobs.stream()
                .map(job -> job.refundAccount() == null ? null : field.apply(job.refundAccount()))
                .toArray(String[]::new);
    }

    /** Claims up to {@code limit} due jobs under a lease of {@code lease} (see {@link LeasedJobTable#claim}). */
    List<RefundJob> claim(int limit, Duration lease) {
        return claim(
                limit,
                lease,
                """
                order_id, refund_id, payment_key, amount, reason, idempotency_key, key_generation, attempts,
                refund_bank, refund_account_number, refund_holder_name""",
                (rs, row) -> new RefundJob(
                        rs.getString("order_id"),
                        rs.getString("refund_id"),
                        rs.getString("payment_key"),
                        rs.getLong("amount"),
                        rs.getString("reason"),
                        rs.getString("idempotency_key"),
                        rs.getInt("key_generation"),
                        rs.getInt("attempts"),
                        rs.getString("refund_account_number") == null
                                ? null
                                : new RefundReceiveAccount(
                                        rs.getString("refund_bank"),
                                        rs.getString("refund_account_number"),
                                        rs.getString("refund_holder_name"))));
    }

    /**
     * Refund jobs are never due again once answered: one job per refund ever. The refund account goes with the
     * answer: it was kept only for the PG's cancel.
     */
    @Override
    protected List<String> markDone(List<Done<RefundJob>> done) {
        if (done.isEmpty()) {
            return List.of();
        }
        jdbc.sql("""
                        UPDATE pg_refunds AS job
                           SET state = 'DONE',
                               outcome = done.outcome,
                               lease_until = NULL,
                               refund_bank = NULL,
                               refund_account_number = NULL,
                               refund_holder_name = NULL,
                               updated_at = now()
                          FROM unnest(:jobKeys::text[], :outcomes::text[]) AS done(job_key, outcome)
                         WHERE job.job_key = done.job_key AND job.state = 'PENDING'""")
                .param("jobKeys", done.stream().map(job -> job.job().jobKey()).toArray(String[]::new))
                .param("outcomes", done.stream().map(Done::outcome).toArray(String[]::new))
                .update();
        return List.of();
    }

    /**
     * Moves the job to its next Idempotency-Key, once the PG has answered definitively that it cancelled nothing under
     * the current one. Fenced like a reschedule: a no-op (false) when the job is done, was claimed again since this
     * claim, or has moved on to another key already.
     */
    boolean rotateKey(RefundJob job) {
        return jdbc.sql("""
                                UPDATE pg_refunds
                                   SET key_generation = key_generation + 1,
                                       idempotency_key = :nextKey,
                                       key_in_doubt_until = NULL,
                                       updated_at = now()
                                 WHERE job_key = :jobKey
                                   AND state = 'PENDING'
                                   AND attempts = :attempts
                                   AND key_generation = :generation
                                   AND (key_in_doubt_until IS NULL OR key_in_doubt_until < now())""")
                        .param("nextKey", job.nextIdempotencyKey())
                        .param("jobKey", job.jobKey())
                        .param("attempts", job.attempts())
                        .param("generation", job.keyGeneration())
                        .update()
                == 1;
    }

    /**
     * An attempt under the job's current key ended without the PG's word (a timeout, an answer that is not the PG's):
     * the request may still be running at the PG, so the key is kept for at least {@code settle}, whatever later
     * answers say (fenced like {@link #rotateKey}).
     */
    void keyInDoubt(RefundJob job, Duration settle) {
        jdbc.sql("""
                        UPDATE pg_refunds
                           SET key_in_doubt_until = now() + :settleMillis * interval '1 millisecond',
                               updated_at = now()
                         WHERE job_key = :jobKey
                           AND state = 'PENDING'
                           AND attempts = :attempts
                           AND key_generation = :generation""")
                .param("settleMillis", settle.toMillis())
                .param("jobKey", job.jobKey())
                .param("attempts", job.attempts())
                .param("generation", job.keyGeneration())
                .update();
    }

    /**
     * The transactionKeys of the order's other refunds already recorded SUCCEEDED: cancels[] entries that are known not
     * to be this refund's, even when their amount and reason are equal to its own.
     */
    Set<String> othersTransactionKeys(RefundJob job) {
        return new HashSet<>(jdbc.sql("""
                        SELECT transaction_key
                          FROM refunds
                         WHERE order_id = :orderId
                           AND refund_id <> :refundId
                           AND status = 'SUCCEEDED'
                           AND transaction_key IS NOT NULL""")
                .param("orderId", job.orderId())
                .param("refundId", job.refundId())
                .query(String.class)
                .list());
    }

    /**
     * Whether another refund of the order with the same amount and reason is still REQUESTED: its cancel, if the PG
     * made it, is an entry a look-up cannot tell from this refund's own (Toss's entries name no request).
     */
    boolean hasTwinInFlight(RefundJob job) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1
                                         FROM refunds
                                        WHERE order_id = :orderId
                                          AND refund_id <> :refundId
                                          AND status = 'REQUESTED'
                                          AND amount = :amount
                                          AND reason = :reason)""")
                .param("orderId", job.orderId())
                .param("refundId", job.refundId())
                .param("amount", job.amount())
                .param("reason", job.reason())
                .query(Boolean.class)
                .single();
    }
}
