package dev.payments.worker.pg;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code pg_status_checks} table: at most one row per order, PENDING while a look-up is wanted, DONE once the PG's
 * answer is published (or the PG knows no such payment). {@link #request} joins the caller's transaction; everything
 * else runs in its own short transaction. Claims, leases and reschedules are the shared {@link LeasedJobTable}'s.
 */
@Repository
class StatusCheckJobs {

    static final String PUBLISHED = "PUBLISHED";
    static final String NOT_FOUND = "NOT_FOUND";
    static final String MISMATCH = "MISMATCH";

    private final JdbcClient jdbc;
    private final LeasedJobTable leases;

    StatusCheckJobs(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.leases = new LeasedJobTable(jdbc, "pg_status_checks");
    }

    /**
     * Makes the order's check PENDING, never a second row: a new check is due now; a DONE check becomes PENDING again
     * and due now, for {@code paymentKey}; a PENDING check stays as it is (its back-off included) but counts the
     * request, so that a look-up in flight is repeated once it ends. When two pending requests name different
     * payments (or one names none), the check reads the order's payment by orderId, which is the PG's answer for
     * this order whoever sent the hints.
     */
    void request(String orderId, String paymentKey) {
        jdbc.sql("""
                        INSERT INTO pg_status_checks AS s (order_id, payment_key, state, attempts, requests,
                                                           next_attempt_at, created_at, updated_at)
                        VALUES (:orderId, :paymentKey, 'PENDING', 0, 1, now(), now(), now())
                        ON CONFLICT (order_id) DO UPDATE
                           SET payment_key = CASE WHEN s.state = 'DONE' THEN EXCLUDED.payment_key
                                                  WHEN s.payment_key = EXCLUDED.payment_key THEN s.payment_key
                                                  ELSE NULL END,
                               next_attempt_at = CASE WHEN s.state = 'DONE' THEN now() ELSE s.next_attempt_at END,
                               last_error = CASE WHEN s.state = 'DONE' THEN NULL ELSE s.last_error END,
                               outcome = NULL,
                               state = 'PENDING',
                               requests = s.requests + 1,
                               updated_at = now()""").param("orderId", orderId).param("paymentKey", paymentKey).update();
    }

    /** Claims up to {@code limit} due checks under a lease of {@code lease} (see {@link LeasedJobTable#claim}). */
    List<StatusCheckJob> claim(int limit, Duration lease) {
        return leases.claim(
                limit,
                lease,
                "order_id, payment_key, attempts, requests",
                (rs, row) -> new StatusCheckJob(
                        rs.getString("order_id"),
                        rs.getString("payment_key"),
                        rs.getInt("attempts"),
                        rs.getLong("requests")));
    }

    /** See {@link LeasedJobTable#reschedule}. */
    boolean reschedule(StatusCheckJob check, Duration delay, String error) {
        return leases.reschedule(check.orderId(), check.attempts(), delay, error);
    }

    /**
     * Marks the check done with {@code outcome}, unless it was requested again since our claim (false): then it stays
     * PENDING for another look-up. Not fenced by attempts: once the answer is out, the check is done, whoever else
     * may be working on it.
     */
    boolean markDone(StatusCheckJob check, String outcome) {
        return jdbc.sql("""
                        UPDATE pg_status_checks
                           SET state = 'DONE', outcome = :outcome, lease_until = NULL, last_error = NULL,
                               updated_at = now()
                         WHERE order_id = :orderId AND state = 'PENDING' AND requests = :requests""")
                        .param("outcome", outcome)
                        .param("orderId", check.orderId())
                        .param("requests", check.requests())
                        .update()
                == 1;
    }

    long countPending() {
        return leases.countPending();
    }
}
