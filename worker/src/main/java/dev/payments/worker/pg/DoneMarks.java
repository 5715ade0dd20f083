package dev.payments.worker.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks finished confirm jobs DONE in batches, from one thread: at thousands of confirms a second a statement and a
 * commit each would make the database's commit latency the dispatcher's limit. Losing a mark is harmless: the
 * outcome is already published, the job's lease runs out, and the retry confirms with the same Idempotency-Key (the
 * PG answers as before) and publishes the same event id again, which the order's consumer records as a duplicate.
 */
final class DoneMarks {

    private static final Logger log = LoggerFactory.getLogger(DoneMarks.class);

    /** The most marks one statement carries. */
    static final int BATCH = 1000;

    private record Mark(String orderId, String outcome) {}

    private final ConfirmJobs jobs;
    private final BlockingQueue<Mark> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    DoneMarks(ConfirmJobs jobs) {
        this.jobs = jobs;
    }

    /** The job of {@code orderId} ended with {@code outcome}; written to the table shortly. Safe from any thread. */
    void mark(String orderId, String outcome) {
        queue.add(new Mark(orderId, outcome));
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("pg-confirm-done").daemon(true).start(this::loop);
    }

    /** Stops the thread and writes what is still queued. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Mark> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int i = 0; i < rest.size(); i += BATCH) {
            write(rest.subList(i, Math.min(rest.size(), i + BATCH)));
        }
    }

    private void loop() {
        List<Mark> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Mark first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Mark> marks) {
        try {
            jobs.markDone(
                    marks.stream().map(Mark::orderId).toList(),
                    marks.stream().map(Mark::outcome).toList());
        } catch (RuntimeException e) {
            log.warn(
                    "Could not mark {} confirm jobs done; they are confirmed again (same idempotency key) after their"
                            + " lease runs out",
                    marks.size(),
                    e);
        }
    }
}
