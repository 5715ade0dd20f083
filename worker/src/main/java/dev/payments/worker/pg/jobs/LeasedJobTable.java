package dev.payments.worker.pg.jobs;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A job table keyed by one column ({@code order_id} unless the subclass names another, see {@link LeasedJob#jobKey})
 * with the columns {@code state} (PENDING|DONE), {@code attempts},
 * {@code next_attempt_at}, {@code lease_until}, {@code last_error} and {@code updated_at}: claim due jobs under a
 * lease, give them back for a later attempt, count what is pending. What a job is and what "done" means are the
 * subclass's.
 *
 * <p>Claims, reschedules and counts run on their own (no caller transaction) and use the database's clock, so
 * instances with skewed clocks agree on leases. {@code attempts} counts claims and fences reschedules: a claim whose
 * lease ran out and was re-claimed elsewhere can no longer reschedule the job.
 *
 * @param <J> a claimed job
 */
public abstract class LeasedJobTable<J extends LeasedJob> {

    /** A finished job and the outcome it finished with. */
    public record Done<J>(J job, String outcome) {}

    /** Boot's JdbcClient, for the subclass's own statements on its table too. */
    protected final JdbcClient jdbc;

    private final String table;
    private final String keyColumn;

    /** A table keyed by {@code order_id}. {@code table} is a constant of the subclass's, never input. */
    protected LeasedJobTable(JdbcClient jdbc, String table) {
        this(jdbc, table, "order_id");
    }

    /**
     * A table keyed by {@code keyColumn}, whose value for a job is its {@link LeasedJob#jobKey}. Both names are
     * constants of the subclass's, never input.
     */
    protected LeasedJobTable(JdbcClient jdbc, String table, String keyColumn) {
        this.jdbc = jdbc;
        this.table = table;
        this.keyColumn = keyColumn;
    }

    /**
     * Marks finished jobs done, in the caller's transaction (the one that also writes their events): only rows still
     * PENDING, and not fenced by attempts, since the answer is in hand whoever else may be working on the job.
     *
     * @return the keys of the jobs due again instead of done (requested again meanwhile), if the kind allows that
     */
    protected abstract List<String> markDone(List<Done<J>> done);

    /**
     * Claims up to {@code limit} due jobs whose lease (if any) has run out, oldest due first, and leases them for
     * {@code lease}. Rows another instance is claiming at this moment are skipped, never waited for. The rows are
     * returned with the columns {@code returning} plus {@code claimed_at} (the database's time of the claim).
     */
    protected List<J> claim(int limit, Duration lease, String returning, RowMapper<J> rows) {
        return jdbc.sql("""
                        UPDATE %1$s
                           SET lease_until = now() + :leaseMillis * interval '1 millisecond',
                               attempts = attempts + 1,
                               updated_at = now()
                         WHERE %3$s IN (SELECT %3$s
                                          FROM %1$s
                                         WHERE state = 'PENDING'
                                           AND next_attempt_at <= now()
                                           AND (lease_until IS NULL OR lease_until < now())
                                         ORDER BY next_attempt_at
                                         LIMIT :limit
                                           FOR UPDATE SKIP LOCKED)
                        RETURNING %2$s, now() AS claimed_at""".formatted(table, returning, keyColumn))
                .param("leaseMillis", lease.toMillis())
                .param("limit", limit)
                .query(rows)
                .list();
    }

    /**
     * Releases a job for another attempt after {@code delay}. A no-op (false) when the job is done or was re-claimed
     * since the claim that counted its {@code attempts}: then it is no longer ours to reschedule.
     */
    boolean reschedule(J job, Duration delay, String error) {
        return jdbc.sql("""
                        UPDATE %s
                           SET next_attempt_at = now() + :delayMillis * interval '1 millisecond',
                               lease_until = NULL,
                               last_error = :error,
                               updated_at = now()
                         WHERE %s = :jobKey AND state = 'PENDING' AND attempts = :attempts""".formatted(table, keyColumn))
                        .param("delayMillis", delay.toMillis())
                        .param("error", truncate(error, 500))
                        .param("jobKey", job.jobKey())
                        .param("attempts", job.attempts())
                        .update()
                == 1;
    }

    long countPending() {
        return jdbc.sql("SELECT count(*) FROM %s WHERE state = 'PENDING'".formatted(table))
                .query(Long.class)
                .single();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
