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
 * transaction. All times are the database's, so instances with skewed clocks agree on leases.
 */
@Repository
class ConfirmJobs {

    static final String APPROVED = "APPROVED";
    static final String REJECTED = "REJECTED";

    private final JdbcClient jdbc;

    ConfirmJobs(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
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
        return jdbc.sql("""
                        UPDATE pg_confirmations
                           SET lease_until = now() + :leaseMillis * interval '1 millisecond',
                               attempts = attempts + 1,
                               updated_at = now()
                         WHERE order_id IN (SELECT order_id
                                              FROM pg_confirmations
                                             WHERE state = 'PENDING'
                                               AND next_attempt_at <= now()
                                               AND (lease_until IS NULL OR lease_until < now())
                                             ORDER BY next_attempt_at
                                             LIMIT :limit
                                               FOR UPDATE SKIP LOCKED)
                        RETURNING order_id, payment_key, amount, idempotency_key, attempts, created_at,
                                  now() AS claimed_at""")
                .param("leaseMillis", lease.toMillis())
                .param("limit", limit)
                .query((rs, row) -> new ConfirmJob(
                        rs.getString("order_id"),
                        rs.getString("payment_key"),
                        rs.getLong("amount"),
                        rs.getString("idempotency_key"),
                        rs.getInt("attempts"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("claimed_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * Releases the job for another attempt after {@code delay}. A no-op (false) when the job is done or was
     * re-claimed since our claim: then it is no longer ours to reschedule.
     */
    boolean reschedule(ConfirmJob job, Duration delay, String error) {
        return jdbc.sql("""
                        UPDATE pg_confirmations
                           SET next_attempt_at = now() + :delayMillis * interval '1 millisecond',
                               lease_until = NULL,
                               last_error = :error,
                               updated_at = now()
                         WHERE order_id = :orderId AND state = 'PENDING' AND attempts = :attempts""")
                        .param("delayMillis", delay.toMillis())
                        .param("error", truncate(error, 500))
                        .param("orderId", job.orderId())
                        .param("attempts", job.attempts())
                        .update()
                == 1;
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
        return jdbc.sql("SELECT count(*) FROM pg_confirmations WHERE state = 'PENDING'")
                .query(Long.class)
                .single();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
