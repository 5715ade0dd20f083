package dev.payments.worker.reconcile.ledger;

import static dev.payments.worker.reconcile.ledger.OurLedger.instant;
import static dev.payments.worker.reconcile.ledger.OurLedger.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code reconciliation_runs} and {@code reconciliation_items} tables. A run is claimed as a RUNNING row under a
 * lease before any page is read; its two unique indexes are what keep instances apart: a scheduled window (ROLLING,
 * DAILY) has one row ever, taken over only once it FAILED or its lease ran out, and no window is RUNNING twice at once,
 * whatever the kinds. Every later write of a run names its owner, so an instance whose run was taken over changes
 * nothing.
 */
@Component
class ReconciliationRuns {

    /** Why a run that stopped without finishing is failed when a claim of its window finds it. */
    private static final String LEASE_RAN_OUT = "its lease ran out before it finished: the instance running it stopped";

    private static final String COUNT_COLUMNS = Stream.concat(
                    Stream.of(Drift.values()).map(Counts::column),
                    Counts.COUNTED_RESOLUTIONS.stream().map(Counts::column))
            .collect(Collectors.joining(", "));

    private static final String RUN_COLUMNS = "run_id, kind, window_start, window_end, state, started_at, finished_at,"
            + " pg_transactions, error, " + COUNT_COLUMNS;

    private static final String ITEM_COLUMNS = "run_id, item_no, class, resolution, source, order_id, payment_key,"
            + " transaction_key, refund_id, pg_status, pg_amount, our_status, our_amount, occurred_at, detail";

    /** Items with these resolutions are open while the latest DONE run covering their time lists them. */
    private static final String OPEN_ITEMS = """
             FROM reconciliation_items i
             JOIN reconciliation_runs r ON r.run_id = i.run_id
            WHERE r.state = 'DONE'
              AND i.resolution IN ('HEALING', 'REPORTED')
              AND NOT EXISTS (SELECT 1
                                FROM reconciliation_runs l
                               WHERE l.state = 'DONE'
                                 AND l.window_start <= i.occurred_at
                                 AND l.window_end > i.occurred_at
                                 AND (l.started_at, l.run_id) > (r.started_at, r.run_id))""";

    private static final int MAX_DETAIL = 500;

    /** A run as stored. {@code finishedAt} is null while it runs; {@code error} is set when it FAILED. */
    record StoredRun(
            long runId,
            RunKind kind,
            Window window,
            String state,
            Instant startedAt,
            Instant finishedAt,
            Counts counts,
            String error) {}

    /** An item as stored under its run. */
    record StoredItem(long runId, Item item) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;

    ReconciliationRuns(JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = transactions;
    }

    /**
     * Claims the scheduled run of {@code kind} over {@code window} for {@code owner}: a new row, or the window's row
     * taken over when it FAILED (or stopped without finishing: its lease ran out). Empty when the window is DONE, or is
     * RUNNING here or anywhere else.
     */
    Optional<Long> claimScheduled(RunKind kind, Window window, String owner, Duration lease) {
        return claim(window, () -> jdbc.sql("""
                        INSERT INTO reconciliation_runs AS r (kind, window_start, window_end, state, owner, lease_until,
                                                              started_at)
                        VALUES (:kind, :start, :end, 'RUNNING', :owner, now() + :leaseMillis * interval '1 millisecond',
                                now())
                        ON CONFLICT (kind, window_start, window_end) WHERE kind IN ('ROLLING', 'DAILY') DO UPDATE
                           SET state = 'RUNNING', owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until,
                               started_at = EXCLUDED.started_at, finished_at = NULL, error = NULL
                         WHERE r.state = 'FAILED'
                        RETURNING run_id""")
                .param("kind", kind.name())
                .param("start", utc(window.start()))
                .param("end", utc(window.end()))
                .param("owner", owner)
                .param("leaseMillis", lease.toMillis())
                .query(Long.class)
                .optional());
    }

    /** Claims a MANUAL run over {@code window}: empty when the window is RUNNING here or anywhere else. */
    Optional<Long> claimManual(Window window, String owner, Duration lease) {
        return claim(window, () -> jdbc.sql("""
                        INSERT INTO reconciliation_runs (kind, window_start, window_end, state, owner, lease_until,
                                                         started_at)
                        VALUES ('MANUAL', :start, :end, 'RUNNING', :owner,
                                now() + :leaseMillis * interval '1 millisecond', now())
                        RETURNING run_id""")
                .param("start", utc(window.start()))
                .param("end", utc(window.end()))
                .param("owner", owner)
                .param("leaseMillis", lease.toMillis())
                .query(Long.class)
                .optional());
    }

    /**
     * In one transaction: a RUNNING run of the window whose lease ran out is failed first (its instance stopped), so
     * that it blocks no claim; then {@code insert}. Another RUNNING run of the window makes the insert violate the
     * running index: no claim.
     */
    private Optional<Long> claim(Window window, Supplier<Optional<Long>> insert) {
        try {
            return transactions.execute(status -> {
                jdbc.sql("""
                                UPDATE reconciliation_runs
                                   SET state = 'FAILED', finished_at = now(), error = :error
                                 WHERE window_start = :start AND window_end = :end
                                   AND state = 'RUNNING' AND lease_until < now()""")
                        .param("error", LEASE_RAN_OUT)
                        .param("start", utc(window.start()))
                        .param("end", utc(window.end()))
                        .update();
                return insert.get();
            });
        } catch (DuplicateKeyException runningElsewhere) {
            return Optional.empty();
        }
    }

    /** Extends the run's lease; false when the run is no longer this owner's (it was taken over). */
    boolean renew(long runId, String owner, Duration lease) {
        return jdbc.sql("""
                        UPDATE reconciliation_runs
                           SET lease_until = now() + :leaseMillis * interval '1 millisecond'
                         WHERE run_id = :runId AND owner = :owner AND state = 'RUNNING'""")
                        .param("leaseMillis", lease.toMillis())
                        .param("runId", runId)
                        .param("owner", owner)
                        .update()
                == 1;
    }

    /**
     * Marks the run DONE with its counts and stores its {@code unmatched} items, in one transaction; false (and nothing
     * stored) when the run is no longer this owner's.
     */
    boolean finish(long runId, String owner, Counts counts, List<Item> unmatched) {
        Boolean finished = transactions.execute(status -> {
            String counted = Stream.concat(
                            Stream.of(Drift.values()).map(drift -> Counts.column(drift) + " = " + counts.of(drift)),
                            Counts.COUNTED_RESOLUTIONS.stream()
                                    .map(resolution -> Counts.column(resolution) + " = " + counts.of(resolution)))
                    .collect(Collectors.joining(", "));
            int updated = jdbc.sql("""
                            UPDATE reconciliation_runs
                               SET state = 'DONE', finished_at = now(), pg_transactions = :pgTransactions, %s
                             WHERE run_id = :runId AND owner = :owner AND state = 'RUNNING'""".formatted(counted))
                    .param("pgTransactions", counts.pgTransactions())
                    .param("runId", runId)
                    .param("owner", owner)
                    .update();
            if (updated == 0) {
                return false;
            }
            insertItems(runId, unmatched);
            return true;
        });
        return Boolean.TRUE.equals(finished);
    }

    /** Marks the run FAILED with {@code error}, if it is still this owner's. */
    void fail(long runId, String owner, String error) {
        jdbc.sql("""
                        UPDATE reconciliation_runs
                           SET state = 'FAILED', finished_at = now(), error = :error
                         WHERE run_id = :runId AND owner = :owner AND state = 'RUNNING'""")
                .param("error", truncated(error))
                .param("runId", runId)
                .param("owner", owner)
                .update();
    }

    Optional<StoredRun> run(long runId) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM reconciliation_runs WHERE run_id = ?")
                .param(runId)
                .query(ReconciliationRuns::storedRun)
                .optional();
    }

    /** The {@code limit} runs started last, latest first. */
    List<StoredRun> latest(int limit) {
        return jdbc.sql("SELECT " + RUN_COLUMNS
                        + " FROM reconciliation_runs ORDER BY started_at DESC, run_id DESC LIMIT :limit")
                .param("limit", limit)
                .query(ReconciliationRuns::storedRun)
                .list();
    }

    List<StoredItem> items(long runId) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM reconciliation_items WHERE run_id = ? ORDER BY item_no")
                .param(runId)
                .query(ReconciliationRuns::storedItem)
                .list();
    }

    /**
     * Open items: the HEALING and REPORTED items of each run that is the latest DONE run whose window contains the
     * item's time. No bookkeeping: an item drops out once a later run covering it no longer lists it. Latest first.
     */
    List<StoredItem> openItems(int limit) {
        return jdbc.sql("SELECT " + prefixed("i.", ITEM_COLUMNS) + OPEN_ITEMS
                        + " ORDER BY i.occurred_at DESC, i.run_id DESC, i.item_no LIMIT :limit")
                .param("limit", limit)
                .query(ReconciliationRuns::storedItem)
                .list();
    }

    long openItemCount() {
        return jdbc.sql("SELECT count(*)" + OPEN_ITEMS).query(Long.class).single();
    }

    /** Deletes the runs (and their items) started more than {@code keep} ago; returns how many. */
    int deleteOlderThan(Duration keep) {
        return jdbc.sql("""
                        DELETE FROM reconciliation_runs
                         WHERE started_at < now() - :keepMillis * interval '1 millisecond' AND state <> 'RUNNING'""").param("keepMillis", keep.toMillis()).update();
    }

    /** An item and its number within its run, from 1. */
    private record Numbered(int itemNo, Item item) {}

    private void insertItems(long runId, List<Item> items) {
        List<Numbered> numbered = IntStream.range(0, items.size())
                .mapToObj(i -> new Numbered(i + 1, items.get(i)))
                .toList();
        batches.batchUpdate(
                "INSERT INTO reconciliation_items (" + ITEM_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                numbered,
                500,
                (PreparedStatement ps, Numbered entry) -> {
                    Item item = entry.item();
                    ps.setLong(1, runId);
                    ps.setInt(2, entry.itemNo());
                    ps.setString(3, item.drift().name());
                    ps.setString(4, item.resolution().name());
                    ps.setString(5, item.source().name());
                    ps.setString(6, item.orderId());
                    ps.setString(7, item.paymentKey());
                    ps.setString(8, item.transactionKey());
                    ps.setString(9, item.refundId());
                    ps.setString(10, item.pgStatus());
                    setLong(ps, 11, item.pgAmount());
                    ps.setString(12, item.ourStatus());
                    setLong(ps, 13, item.ourAmount());
                    ps.setObject(14, utc(item.occurredAt()));
                    ps.setString(15, truncated(item.detail()));
                });
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static StoredRun storedRun(ResultSet rs, int row) throws SQLException {
        Map<Drift, Integer> classes = new EnumMap<>(Drift.class);
        for (Drift drift : Drift.values()) {
            classes.put(drift, rs.getInt(Counts.column(drift)));
        }
        Map<Resolution, Integer> resolutions = new EnumMap<>(Resolution.class);
        for (Resolution resolution : Counts.COUNTED_RESOLUTIONS) {
            resolutions.put(resolution, rs.getInt(Counts.column(resolution)));
        }
        return new StoredRun(
                rs.getLong("run_id"),
                RunKind.valueOf(rs.getString("kind")),
                new Window(instant(rs, "window_start"), instant(rs, "window_end")),
                rs.getString("state"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                new Counts(rs.getInt("pg_transactions"), classes, resolutions),
                rs.getString("error"));
    }

    private static StoredItem storedItem(ResultSet rs, int row) throws SQLException {
        return new StoredItem(
                rs.getLong("run_id"),
                new Item(
                        Drift.valueOf(rs.getString("class")),
                        Resolution.valueOf(rs.getString("resolution")),
                        Source.valueOf(rs.getString("source")),
                        rs.getString("order_id"),
                        rs.getString("payment_key"),
                        rs.getString("transaction_key"),
                        rs.getString("refund_id"),
                        rs.getString("pg_status"),
                        rs.getObject("pg_amount", Long.class),
                        rs.getString("our_status"),
                        rs.getObject("our_amount", Long.class),
                        instant(rs, "occurred_at"),
                        rs.getString("detail"),
                        false));
    }

    private static String prefixed(String alias, String columns) {
        return Stream.of(columns.split(",\\s*")).map(column -> alias + column).collect(Collectors.joining(", "));
    }

    private static String truncated(String text) {
        return text == null || text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }
}
