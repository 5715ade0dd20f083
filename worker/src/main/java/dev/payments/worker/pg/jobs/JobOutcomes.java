package dev.payments.worker.pg.jobs;

import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.outbox.OutgoingRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a job is marked done: finished jobs are queued by the job threads and written by one thread in
 * batches, each batch in one transaction that marks its jobs done and writes their events to the outbox, so a DONE
 * mark never exists without its event. A statement and a commit per job would make the database's commit latency the
 * dispatcher's limit.
 *
 * <p>The event is written whatever the job's row says by then: a confirm answered after the consumer withdrew the job
 * (or after another instance finished it) still reaches the order's partition, since money may have moved, and the
 * consumer decides what it means. Losing a batch (a crash, a failed transaction) is harmless: the jobs keep their
 * leases, are claimed again once those run out, and are redone: a confirm or a refund's cancel under the same
 * Idempotency-Key (the PG answers as before, with the same event id), a status check by a new look-up.
 *
 * @param <J> a claimed job
 */
final class JobOutcomes<J extends LeasedJob> {

    private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);

    /** The most jobs one transaction carries. */
    static final int BATCH = 1000;

    /** A finished job, as its thread handed it over. */
    record Finished<J>(J job, Step.Finish finish) {}

    /** Told, on the writer's thread, what a batch's commit made of its jobs. */
    interface Committed<J> {
        void committed(List<LeasedJobTable.Done<J>> done, List<String> dueAgain);
    }

    private final String threadName;
    private final LeasedJobTable<J> table;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Committed<J> committed;
    private final BlockingQueue<Finished<J>> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    JobOutcomes(
            String threadName,
            LeasedJobTable<J> table,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            Committed<J> committed) {
        this.threadName = threadName;
        this.table = table;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.committed = committed;
    }

    /** Queues a finished job for the next batch. Safe from any thread. */
    void add(J job, Step.Finish finish) {
        queue.add(new Finished<>(job, finish));
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(threadName).daemon(true).start(this::loop);
    }

    /** Stops the writer and writes what is still queued: call once the job threads have stopped. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Finished<J>> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int i = 0; i < rest.size(); i += BATCH) {
            write(rest.subList(i, Math.min(rest.size(), i + BATCH)));
        }
    }

    private void loop() {
        List<Finished<J>> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Finished<J> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("{}: unexpected failure after a batch; writing on", threadName, e);
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Marks the batch's jobs done and writes their events, in one transaction; then wakes the relay.
     *
     * @return whether the batch committed (if not, its jobs are redone once their leases run out)
     */
    boolean write(List<Finished<J>> batch) {
        List<LeasedJobTable.Done<J>> done = batch.stream()
                .map(finished -> new LeasedJobTable.Done<>(
                        finished.job(), finished.finish().outcome()))
                .toList();
        List<OutgoingRecord.OrderEvent> events = batch.stream()
                .flatMap(finished -> finished.finish().event().stream())
                .map(OutgoingRecord.OrderEvent::new)
                .toList();
        List<String> dueAgain;
        try {
            dueAgain = transactions.execute(status -> {
                List<String> again = table.markDone(done);
                outbox.write(events, clock.instant());
                return again;
            });
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record {} finished jobs ({}); they are redone once their leases run out",
                    batch.size(),
                    threadName,
                    e);
            return false;
        }
        if (!events.isEmpty()) {
            outbox.committed();
        }
        committed.committed(done, dueAgain == null ? List.of() : dueAgain);
        return true;
    }
}
