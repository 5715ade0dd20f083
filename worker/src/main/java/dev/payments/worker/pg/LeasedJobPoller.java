package dev.payments.worker.pg;

import java.time.Duration;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works off leased jobs of one table: a poller thread claims due jobs (every poll interval, at once when woken, and
 * when a retry this instance scheduled falls due) and runs each on a virtual thread, at most {@code maxConcurrency} at
 * a time. It claims only as many jobs as it has free permits, so a claimed job never waits for a thread while its
 * lease runs out. What to claim and what to do with a job are the owner's: the owner reschedules failed jobs in its
 * table and tells the poller when they fall due ({@link #retryDueIn}).
 *
 * @param <J> a claimed job
 */
final class LeasedJobPoller<J> {

    private static final Logger log = LoggerFactory.getLogger(LeasedJobPoller.class);

    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);

    /**
     * @param name what the poller works off, for logs (e.g. "PG confirm dispatcher")
     * @param threadPrefix prefix of the poller's and the workers' thread names (e.g. "pg-confirm")
     */
    record Settings(
            String name, String threadPrefix, int maxConcurrency, Duration pollInterval, Duration shutdownGrace) {}

    private final Settings settings;
    /** Claims up to n due jobs; throws when the table cannot be reached. */
    private final IntFunction<List<J>> claim;
    /** Works one claimed job to its end (done or rescheduled); must not throw. */
    private final Consumer<J> work;
    /** Refreshes the owner's pending gauge; called from the poller at most every few seconds. */
    private final Runnable refreshGauges;

    private final Semaphore permits;
    private final Semaphore wakeUps = new Semaphore(0);
    /** System.nanoTime() at which retries this instance scheduled fall due: the poller wakes for each. */
    private final NavigableSet<Long> retriesDue = new ConcurrentSkipListSet<>();

    private final Object lifecycle = new Object();
    private volatile boolean running;
    /** The last claim took every free permit, so more jobs may be due: a finishing job wakes the poller. */
    private volatile boolean backlog;

    private Long gaugeRefreshedAt;
    private Thread poller;
    private ExecutorService workers;

    LeasedJobPoller(Settings settings, IntFunction<List<J>> claim, Consumer<J> work, Runnable refreshGauges) {
        this.settings = settings;
        this.claim = claim;
        this.work = work;
        this.refreshGauges = refreshGauges;
        this.permits = new Semaphore(settings.maxConcurrency());
    }

    /** Makes the poller look for due jobs now. Cheap; safe from any thread. */
    void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** A job this instance rescheduled falls due after {@code delay}: look for due jobs then (and now). */
    void retryDueIn(Duration delay) {
        retriesDue.add(System.nanoTime() + delay.toNanos() + 5_000_000L);
        wake();
    }

    void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            workers = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name(settings.threadPrefix() + "-", 0).factory());
            poller = Thread.ofPlatform()
                    .name(settings.threadPrefix() + "-poller")
                    .daemon(true)
                    .start(this::pollLoop);
            log.info(
                    "{} started: up to {} jobs at once, polling every {}",
                    settings.name(),
                    settings.maxConcurrency(),
                    settings.pollInterval());
        }
    }

    /** Stops claiming, lets jobs in flight finish within the shutdown grace, then interrupts the rest. */
    void stop() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            wake();
            try {
                poller.join(settings.pollInterval().plusSeconds(10).toMillis());
                workers.shutdown();
                if (!workers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn(
                            "{}: interrupting jobs still in flight; they are retried once their lease runs out",
                            settings.name());
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
            }
            log.info("{} stopped", settings.name());
        }
    }

    boolean isRunning() {
        return running;
    }

    private void pollLoop() {
        while (running) {
            try {
                claimAndRun();
            } catch (RuntimeException e) {
                log.warn("{} could not claim jobs; trying again in {}", settings.name(), settings.pollInterval(), e);
            }
            try {
                awaitWakeUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitWakeUp() throws InterruptedException {
        long timeout = settings.pollInterval().toNanos();
        Long nextRetry = retriesDue.isEmpty() ? null : retriesDue.first();
        if (nextRetry != null) {
            timeout = Math.max(0, Math.min(timeout, nextRetry - System.nanoTime()));
        }
        if (wakeUps.tryAcquire(timeout, TimeUnit.NANOSECONDS)) {
            wakeUps.drainPermits();
        }
    }

    private void claimAndRun() {
        long now = System.nanoTime();
        retriesDue.headSet(now, true).clear();
        refreshGauges(now);
        int free = permits.drainPermits();
        if (free == 0) {
            backlog = true;
            return;
        }
        List<J> claimed;
        try {
            claimed = claim.apply(free);
        } catch (RuntimeException e) {
            permits.release(free);
            throw e;
        }
        permits.release(free - claimed.size());
        backlog = claimed.size() == free;
        for (J job : claimed) {
            try {
                workers.execute(() -> {
                    try {
                        work.accept(job);
                    } catch (RuntimeException e) {
                        log.warn("{}: a job failed unexpectedly; retried after its lease", settings.name(), e);
                    } finally {
                        permits.release();
                        if (backlog) {
                            wake();
                        }
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                permits.release();
            }
        }
    }

    private void refreshGauges(long now) {
        if (gaugeRefreshedAt != null && now - gaugeRefreshedAt < GAUGE_REFRESH.toNanos()) {
            return;
        }
        gaugeRefreshedAt = now;
        try {
            refreshGauges.run();
        } catch (RuntimeException e) {
            log.debug("{} could not refresh its gauges", settings.name(), e);
        }
    }
}
