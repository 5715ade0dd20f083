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

    /** A PENDING job due now, unless the order has one already. True when this call created it. */
    boolean insert(String orderId, String paymentKey, long amount) {
        return jdbc.sql("""
                        INSERT INTO pg_confirmations (order_id, payment_key, amount, idempotency_key, state, attempts,
                                                      next_attempt_at, created_at, updated_at)
                        VALUES (:orderId, :paymentKey, :amount, :idempotencyKey, 'PENDING', 0, now(), now(), now())
                        ON CONFLICT (order_id) DO NOTHING""")
                        .param("orderId", orderId)
                        .param("paymentKey", paymentKey)
                        .param("amount", amount)
                        .param("idempotencyKey", ConfirmJob.idempotencyKeyFor(orderId))
                        .update()
                == 1;
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
     * Marks the job done with its definitive outcome. Not fenced by attempts: once the outcome is published, the job
     * is done, whoever else may be working on it.
     */
    boolean markDone(String orderId, String outcome) {
        return jdbc.sql("""
                        UPDATE pg_confirmations
                           SET state = 'DONE', outcome = :outcome, lease_until = NULL, updated_at = now()
                         WHERE order_id = :orderId AND state = 'PENDING'""").param("outcome", outcome).param("orderId", orderId).update() == 1;
    }

    long countPending() {
        return leases.countPending();
    }
}
