package dev.payments.worker.pg.confirm;

import dev.payments.worker.pg.jobs.LeasedJobTable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code pg_confirmations} table: one job per order ever, PENDING until the PG's definitive answer is recorded
 * (state DONE, outcome APPROVED, REJECTED or AWAITING_DEPOSIT) or the order ended another way (WITHDRAWN). A job the PG left undecided
 * past its confirm window is never retried: it waits in state REVIEW, with no outcome, until an operator looks or its
 * order ends another way. {@link #insert} and {@link #withdraw} run in the consumer's transaction, {@link #markDone} in
 * the outcome writer's. All times are the database's.
 */
@Component
class ConfirmJobs extends LeasedJobTable<ConfirmJob> {

    static final String APPROVED = "APPROVED";
    static final String REJECTED = "REJECTED";
    /** The PG issued a virtual account: the order waits for the deposit, which the PG's own word reports later. */
    static final String AWAITING_DEPOSIT = "AWAITING_DEPOSIT";
    /** The order ended by another way before the PG's answer to our confirm was known. */
    static final String WITHDRAWN = "WITHDRAWN";
    /** Not an outcome: the job is left undecided for review (state REVIEW, no outcome). */
    static final String REVIEW = "REVIEW";

    private static final List<String> PENDING = List.of("PENDING");
    private static final List<String> PENDING_OR_IN_REVIEW = List.of("PENDING", REVIEW);

    ConfirmJobs(JdbcClient jdbc) {
        super(jdbc, "pg_confirmations");
    }

    /**
     * PENDING jobs due now, one per order that has none yet, in one statement.
     *
     * @return how many were created
     */
    int insert(List<ConfirmRequests.NewJob> newJobs) {
        if (newJobs.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        INSERT INTO pg_confirmations (order_id, payment_key, amount, idempotency_key, state, attempts,
                                                      next_attempt_at, created_at, updated_at)
                        SELECT job.order_id, job.payment_key, job.amount, job.idempotency_key, 'PENDING', 0,
                               now(), now(), now()
                          FROM unnest(:orderIds::text[], :paymentKeys::text[], :amounts::bigint[],
                                      :idempotencyKeys::text[])
                               AS job(order_id, payment_key, amount, idempotency_key)
                        ON CONFLICT (order_id) DO NOTHING""")
                .param(
                        "orderIds",
                        newJobs.stream().map(ConfirmRequests.NewJob::orderId).toArray(String[]::new))
                .param(
                        "paymentKeys",
                        newJobs.stream().map(ConfirmRequests.NewJob::paymentKey).toArray(String[]::new))
                .param(
                        "amounts",
                        newJobs.stream().map(ConfirmRequests.NewJob::amount).toArray(Long[]::new))
                .param(
                        "idempotencyKeys",
                        newJobs.stream()
                                .map(job -> ConfirmJob.idempotencyKeyFor(job.orderId()))
                                .toArray(String[]::new))
                .update();
    }

    /** Claims up to {@code limit} due jobs under a lease of {@code lease} (see {@link LeasedJobTable#claim}). */
    List<ConfirmJob> claim(int limit, Duration lease) {
        return claim(
                limit,
                lease,
                "order_id, payment_key, amount, idempotency_key, attempts, created_at",
                (rs, row) -> new ConfirmJob(
                        rs.getString("order_id"),
                        rs.getString("payment_key"),
                        rs.getLong("amount"),
                        rs.getString("idempotency_key"),
                        rs.getInt("attempts"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("claimed_at", OffsetDateTime.class).toInstant()));
    }

    /**
     * Marks the pending jobs of these orders, and those in review, WITHDRAWN, in one statement.
     *
     * @return the orders whose job was still PENDING or in REVIEW
     */
    List<String> withdraw(Collection<String> orderIds) {
        return finish(
                List.copyOf(orderIds), orderIds.stream().map(id -> WITHDRAWN).toList(), PENDING_OR_IN_REVIEW);
    }

    /** Confirm jobs are never due again once answered or sent to review: one job per order ever. */
    @Override
    protected List<String> markDone(List<Done<ConfirmJob>> done) {
        finish(
                done.stream().map(job -> job.job().orderId()).toList(),
                done.stream().map(Done::outcome).toList(),
                PENDING);
        return List.of();
    }

    /**
     * Marks the jobs of {@code orderIds} in one of {@code states} done, each with the outcome at the same position;
     * {@link #REVIEW} leaves a job in review instead, without an outcome.
     */
    private List<String> finish(List<String> orderIds, List<String> outcomes, List<String> states) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        UPDATE pg_confirmations AS job
                           SET state = CASE WHEN done.outcome = 'REVIEW' THEN 'REVIEW' ELSE 'DONE' END,
                               outcome = NULLIF(done.outcome, 'REVIEW'),
                               lease_until = NULL,
                               updated_at = now()
                          FROM unnest(:orderIds::text[], :outcomes::text[]) AS done(order_id, outcome)
                         WHERE job.order_id = done.order_id AND job.state = ANY (:states::text[])
                        RETURNING job.order_id""")
                .param("orderIds", orderIds.toArray(String[]::new))
                .param("outcomes", outcomes.toArray(String[]::new))
                .param("states", states.toArray(String[]::new))
                .query(String.class)
                .list();
    }
}
