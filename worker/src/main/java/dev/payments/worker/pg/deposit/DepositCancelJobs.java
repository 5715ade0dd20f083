package dev.payments.worker.pg.deposit;

import dev.payments.worker.pg.jobs.LeasedJobTable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code pg_deposit_cancels} table: one job per order ever, PENDING until the PG's word on the payment is recorded
 * (state DONE, outcome the PG's status: CANCELED, DONE, PARTIAL_CANCELED) or the job is left for review (state REVIEW,
 * no outcome). {@link #insert} runs in the consumer's transaction, {@link #markDone} in the outcome writer's,
 * {@link #rotateKey} and {@link #countRefusal} on their own. All times are the database's.
 */
@Component
class DepositCancelJobs extends LeasedJobTable<DepositCancelJob> {

    /** Not an outcome: the job is left for review (state REVIEW, no outcome). */
    static final String REVIEW = "REVIEW";

    DepositCancelJobs(JdbcClient jdbc) {
        super(jdbc, "pg_deposit_cancels");
    }

    /**
     * PENDING jobs due now under their first Idempotency-Key, one per order that has none yet, in one statement.
     *
     * @return how many were created
     */
    int insert(List<DepositCancelRequests.NewJob> newJobs) {
        if (newJobs.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        INSERT INTO pg_deposit_cancels (order_id, payment_key, idempotency_key, key_generation, state,
                                                        attempts, refusals, next_attempt_at, created_at, updated_at)
                        SELECT job.order_id, job.payment_key, job.idempotency_key, 1, 'PENDING', 0, 0, now(), now(),
                               now()
                          FROM unnest(:orderIds::text[], :paymentKeys::text[], :idempotencyKeys::text[])
                               AS job(order_id, payment_key, idempotency_key)
                        ON CONFLICT (order_id) DO NOTHING""")
                .param(
                        "orderIds",
                        newJobs.stream()
                                .map(DepositCancelRequests.NewJob::orderId)
                                .toArray(String[]::new))
                .param(
                        "paymentKeys",
                        newJobs.stream()
                                .map(DepositCancelRequests.NewJob::paymentKey)
                                .toArray(String[]::new))
                .param(
                        "idempotencyKeys",
                        newJobs.stream()
                                .map(job -> DepositCancelJob.idempotencyKeyFor(job.orderId(), 1))
                                .toArray(String[]::new))
                .update();
    }

    /** Claims up to {@code limit} due jobs under a lease of {@code lease} (see {@link LeasedJobTable#claim}). */
    List<DepositCancelJob> claim(int limit, Duration lease) {
        return claim(
                limit,
                lease,
                "order_id, payment_key, idempotency_key, key_generation, attempts, refusals",
                (rs, row) -> new DepositCancelJob(
                        rs.getString("order_id"),
                        rs.getString("payment_key"),
                        rs.getString("idempotency_key"),
                        rs.getInt("key_generation"),
                        rs.getInt("attempts"),
                        rs.getInt("refusals")));
    }

    /**
     * Deposit-cancel jobs are never due again once the PG's word is recorded or they went to review: one job per order
     * ever. {@link #REVIEW} leaves a job in review instead, without an outcome.
     */
    @Override
    protected List<String> markDone(List<Done<DepositCancelJob>> done) {
        if (done.isEmpty()) {
            return List.of();
        }
        jdbc.sql("""
                        UPDATE pg_deposit_cancels AS job
                           SET state = CASE WHEN done.outcome = 'REVIEW' THEN 'REVIEW' ELSE 'DONE' END,
                               outcome = NULLIF(done.outcome, 'REVIEW'),
                               lease_until = NULL,
                               updated_at = now()
                          FROM unnest(:orderIds::text[], :outcomes::text[]) AS done(order_id, outcome)
                         WHERE job.order_id = done.order_id AND job.state = 'PENDING'""")
                .param("orderIds", done.stream().map(job -> job.job().orderId()).toArray(String[]::new))
                .param("outcomes", done.stream().map(Done::outcome).toArray(String[]::new))
                .update();
        return List.of();
    }

    /**
     * Moves the job to its next Idempotency-Key, once the PG has answered under the current one with a code of its
     * own. Fenced like a reschedule: a no-op (false) when the job is done, was claimed again since this claim, or has
     * moved on to another key already.
     */
    boolean rotateKey(DepositCancelJob job) {
        return jdbc.sql("""
                                UPDATE pg_deposit_cancels
                                   SET key_generation = key_generation + 1,
                                       idempotency_key = :nextKey,
                                       updated_at = now()
                                 WHERE order_id = :orderId
                                   AND state = 'PENDING'
                                   AND attempts = :attempts
                                   AND key_generation = :generation""")
                        .param("nextKey", job.nextIdempotencyKey())
                        .param("orderId", job.orderId())
                        .param("attempts", job.attempts())
                        .param("generation", job.keyGeneration())
                        .update()
                == 1;
    }

    /**
     * Counts a cancel the PG refused while the payment still waited for its deposit (fenced like {@link #rotateKey}).
     *
     * @return the job's refusals so far, this one included; empty when the job is no longer this claim's
     */
    Optional<Integer> countRefusal(DepositCancelJob job) {
        return jdbc.sql("""
                        UPDATE pg_deposit_cancels
                           SET refusals = refusals + 1,
                               updated_at = now()
                         WHERE order_id = :orderId
                           AND state = 'PENDING'
                           AND attempts = :attempts
                        RETURNING refusals""")
                .param("orderId", job.orderId())
                .param("attempts", job.attempts())
                .query(Integer.class)
                .optional();
    }
}
