package dev.payments.worker.pg;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code pg_confirmations} table. Statements run on the shared DataSource, so {@link #insert} joins the caller's
 * transaction (JpaTransactionManager exposes its connection to JDBC); everything else runs in its own short
 * transaction. All times are the database's, so instances with skewed clocks agree on leases; claims, leases and
 * reschedules are the shared {@link LeasedJobTable}'s.
 */
@Repository
class ConfirmJobs {

    static final String APPROVED = "APPROVED";
    static final String REJECTED = "REJECTED";
    /** The order ended by another way before the PG's answer to our confirm was known. */
    static final String WITHDRAWN = "WITHDRAWN";

    private final JdbcClient jdbc;
    private final LeasedJobTable leases;

    ConfirmJobs(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.leases = new LeasedJobTable(jdbc, "pg_confirmations");
    }

    /** A confirm job to create. */
    record NewJob(String orderId, String paymentKey, long amount) {}

    /**
     * PENDING jobs due now, one per order that has none yet, in one statement (one round trip for a whole poll batch).
     *
     * @return how many were created
     */
    int insert(List<NewJob> newJobs) {
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
                .param("orderIds", newJobs.stream().map(NewJob::orderId).toArray(String[]::new))
                .param("paymentKeys", newJobs.stream().map(NewJob::paymentKey).toArray(String[]::new))
                .param("amounts", newJobs.stream().map(NewJob::amount).toArray(Long[]::new))
                .param(
                        "idempotencyKeys",
                        newJobs.stream()
                                .map(job -> ConfirmJob.idempotencyKeyFor(job.orderId()))
                                .toArray(String[]::new))
                .update();
    }

    /**
     * Claims up to {@code limit} due jobs whose lease (if any) has run out, oldest due first, and leases them for
     * {@code lease}. Rows another instance is claiming at this moment are skipped, never waited for.
     */
    List<ConfirmJob> claim(int limit, Duration lease) {
        return leases.claim(
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
     * Releases the job for another attempt after {@code delay}. A no-op (false) when the job is done or was
     * re-claimed since our claim: then it is no longer ours to reschedule.
     */
    boolean reschedule(ConfirmJob job, Duration delay, String error) {
        return leases.reschedule(job.orderId(), job.attempts(), delay, error);
    }

    /**
     * Marks the jobs of these orders done with one outcome, in one statement.
     *
     * @return the orders whose job was still PENDING, i.e. this call finished it
     */
    List<String> markDone(List<String> orderIds, String outcome) {
        return markDone(orderIds, orderIds.stream().map(id -> outcome).toList());
    }

    /**
     * Marks the jobs of {@code orderIds} done, each with the outcome at the same position, in one statement. Not fenced
     * by attempts: once the outcome is published, the job is done, whoever else may be working on it.
     *
     * @return the orders whose job was still PENDING
     */
    List<String> markDone(List<String> orderIds, List<String> outcomes) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        UPDATE pg_confirmations AS job
                           SET state = 'DONE', outcome = done.outcome, lease_until = NULL, updated_at = now()
                          FROM unnest(:orderIds::text[], :outcomes::text[]) AS done(order_id, outcome)
                         WHERE job.order_id = done.order_id AND job.state = 'PENDING'
                        RETURNING job.order_id""")
                .param("orderIds", orderIds.toArray(String[]::new))
                .param("outcomes", outcomes.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    long countPending() {
        return leases.countPending();
    }
}
