package dev.payments.worker.pg.status;

import dev.payments.worker.pg.jobs.LeasedJobTable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code pg_status_checks} table: at most one row per order, PENDING while a look-up is wanted, DONE once the PG's
 * answer is recorded (or the PG knows no such payment). {@link #request} runs in the requester's transaction,
 * {@link #markDone} in the outcome writer's.
 */
@Component
class StatusCheckJobs extends LeasedJobTable<StatusCheckJob> {

    static final String PUBLISHED = "PUBLISHED";
    static final String NOT_FOUND = "NOT_FOUND";
    static final String MISMATCH = "MISMATCH";

    /** The requests for one order, merged: {@code times} requests, all for {@code paymentKey} (null: by orderId). */
    record Requested(String orderId, String paymentKey, int times) {}

    StatusCheckJobs(JdbcClient jdbc) {
        super(jdbc, "pg_status_checks");
    }

    /**
     * Makes each order's check PENDING, never a second row, in one statement (so one order at most once in
     * {@code requested}): a new check is due now; a DONE check becomes PENDING again and due now, for its
     * {@code paymentKey}; a PENDING check stays as it is (its back-off included) but counts the requests, so that a
     * look-up in flight is repeated once it ends. When two pending requests name different payments (or one names
     * none), the check reads the order's payment by orderId, which is the PG's answer for this order whoever sent the
     * hints.
     */
    void request(Collection<Requested> requested) {
        if (requested.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO pg_status_checks AS s (order_id, payment_key, state, attempts, requests,
                                                           next_attempt_at, created_at, updated_at)
                        SELECT r.order_id, r.payment_key, 'PENDING', 0, r.times, now(), now(), now()
                          FROM unnest(:orderIds::text[], :paymentKeys::text[], :times::bigint[])
                               AS r(order_id, payment_key, times)
                        ON CONFLICT (order_id) DO UPDATE
                           SET payment_key = CASE WHEN s.state = 'DONE' THEN EXCLUDED.payment_key
                                                  WHEN s.payment_key = EXCLUDED.payment_key THEN s.payment_key
                                                  ELSE NULL END,
                               next_attempt_at = CASE WHEN s.state = 'DONE' THEN now() ELSE s.next_attempt_at END,
                               last_error = CASE WHEN s.state = 'DONE' THEN NULL ELSE s.last_error END,
                               outcome = NULL,
                               state = 'PENDING',
                               requests = s.requests + EXCLUDED.requests,
                               updated_at = now()""")
                .param("orderIds", requested.stream().map(Requested::orderId).toArray(String[]::new))
                .param(
                        "paymentKeys",
                        requested.stream().map(Requested::paymentKey).toArray(String[]::new))
                .param("times", requested.stream().map(r -> (long) r.times()).toArray(Long[]::new))
                .update();
    }

    /** Claims up to {@code limit} due checks under a lease of {@code lease} (see {@link LeasedJobTable#claim}). */
    List<StatusCheckJob> claim(int limit, Duration lease) {
        return claim(
                limit,
                lease,
                "order_id, payment_key, attempts, requests",
                (rs, row) -> new StatusCheckJob(
                        rs.getString("order_id"),
                        rs.getString("payment_key"),
                        rs.getInt("attempts"),
                        rs.getLong("requests")));
    }

    /**
     * Marks the checks done with their outcomes, in one statement; but a check requested again since our claim (its
     * {@code requests} moved) goes back to PENDING, due now, for another look-up, if it is still ours (its
     * {@code attempts} unchanged): a look-up by another instance is already under way otherwise.
     */
    @Override
    protected List<String> markDone(List<Done<StatusCheckJob>> done) {
        if (done.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        WITH marked AS (
                            UPDATE pg_status_checks AS s
                               SET state = CASE WHEN s.requests = d.requests THEN 'DONE' ELSE 'PENDING' END,
                                   outcome = CASE WHEN s.requests = d.requests THEN d.outcome END,
                                   next_attempt_at = CASE WHEN s.requests = d.requests THEN s.next_attempt_at
                                                          ELSE now() END,
                                   last_error = CASE WHEN s.requests = d.requests THEN NULL
                                                     ELSE 'requested again during a look-up' END,
                                   lease_until = NULL,
                                   updated_at = now()
                              FROM unnest(:orderIds::text[], :outcomes::text[], :requests::bigint[], :attempts::int[])
                                   AS d(order_id, outcome, requests, attempts)
                             WHERE s.order_id = d.order_id
                               AND s.state = 'PENDING'
                               AND (s.requests = d.requests OR s.attempts = d.attempts)
                            RETURNING s.order_id, s.state)
                        SELECT order_id FROM marked WHERE state = 'PENDING'""")
                .param("orderIds", done.stream().map(d -> d.job().orderId()).toArray(String[]::new))
                .param("outcomes", done.stream().map(Done::outcome).toArray(String[]::new))
                .param("requests", done.stream().map(d -> d.job().requests()).toArray(Long[]::new))
                .param("attempts", done.stream().map(d -> d.job().attempts()).toArray(Integer[]::new))
                .query(String.class)
                .list();
    }
}
