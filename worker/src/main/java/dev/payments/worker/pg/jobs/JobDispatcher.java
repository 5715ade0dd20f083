package dev.payments.worker.pg.jobs;

import dev.payments.support.logging.OrderLogContext;
import dev.payments.worker.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works off the leased jobs of one table, off the ordered consumer path. A poller thread claims due jobs (every poll
 * interval, at once when woken, and when a retry this instance scheduled falls due), only as many as it has free
 * permits, so a claimed job never waits for a thread while its lease runs out; each job runs on a virtual thread in
 * its order's log context, at most {@code maxConcurrency} at a time, so a slow PG holds up only its own orders.
 *
 * <p>A subclass says what to claim ({@link #claim}) and what one attempt does ({@link #work}); this class does the
 * rest the same way for every kind: a {@link Step.Finish} is handed to the one writer of finished jobs, which marks
 * the job done and writes its event in one transaction; a {@link Step.Retry} reschedules the job with exponential
 * back-off and jitter, never sooner than the retry's own minimum. A crash at any point leaves the job PENDING under a
 * lease that runs out, after which any instance claims it again.
 *
 * <p>Meters per kind: {@code payments.pg.<kind>.outcomes} (tag {@code outcome}: what a job finished with once it is
 * recorded, or {@code retried}) and the gauge {@code payments.pg.<kind>.pending} (jobs not done, all instances).
 *
 * @param <J> a claimed job
 */
public abstract class JobDispatcher<J extends LeasedJob> implements SmartLifecycle {

    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);

    /**
     * @param kind short name of the job kind, in thread and meter names (e.g. {@code confirm})
     * @param what what one job is, as a log line starts with it (e.g. {@code Confirm}, as in "Confirm of order ...")
     */
    public record Settings(
            String kind,
            String what,
            int maxConcurrency,
            Duration pollInterval,
            Duration shutdownGrace,
            Backoff backoff) {}

    /** How long stop waits for an interrupted poller to notice. */
    private static final Duration POLLER_INTERRUPT_WAIT = Duration.ofSeconds(1);

    /** The kind's own logger, so an operator reads and tunes each kind's lines under its dispatcher's name. */
    private final Logger log = LoggerFactory.getLogger(getClass());

    private final Settings settings;
    private final String name;
    private final LeasedJobTable<J> table;
    private final JobOutcomes<J> outcomes;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Counter> outcomeCounters = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();

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

    protected JobDispatcher(
            Settings settings,
            LeasedJobTable<J> table,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters) {
        this.settings = settings;
        this.name = "PG " + settings.kind() + " dispatcher";
        this.table = table;
        this.meters = meters;
        this.permits = new Semaphore(settings.maxConcurrency());
        this.outcomes = new JobOutcomes<>(
                "pg-" + settings.kind() + "-done", table, outbox, transactions, clock, this::committed);
        Gauge.builder("payments.pg." + settings.kind() + ".pending", pending, AtomicLong::get)
                .description("Jobs of this kind not done yet (all instances)")
                .register(meters);
    }

    /** Claims up to {@code limit} due jobs under a lease; throws when the table cannot be reached. */
    protected abstract List<J> claim(int limit);

    /**
     * One attempt at a claimed job, on its own virtual thread in the order's log context. An exception counts as a
     * {@link Step.Retry}.
     */
    protected abstract Step work(J job);

    /** Makes the poller look for due jobs now (a new job was committed). Cheap; safe from any thread. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            outcomes.start();
            workers = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("pg-" + settings.kind() + "-", 0).factory());
            poller = Thread.ofPlatform()
                    .name("pg-" + settings.kind() + "-poller")
                    .daemon(true)
                    .start(this::pollLoop);
            log.info(
                    "{} started: up to {} jobs at once, polling every {}",
                    name,
                    settings.maxConcurrency(),
                    settings.pollInterval());
        }
    }

    /**
     * Stops claiming, lets jobs in flight finish within the shutdown grace, interrupts the rest (retried once their
     * lease runs out), then writes the finished jobs still queued.
     */
    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            wake();
            try {
                // a poller stuck in a claim (the database gone first) is interrupted rather than waited for: four
                // kinds of job each holding shutdown this long would outlast any orchestrator's grace
                poller.join(
                        settings.pollInterval().plus(settings.shutdownGrace()).toMillis());
                if (poller.isAlive()) {
                    poller.interrupt();
                    poller.join(POLLER_INTERRUPT_WAIT.toMillis());
                }
                workers.shutdown();
                if (!workers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("{}: interrupting jobs still in flight; they are retried once their lease runs out", name);
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
            }
            outcomes.stop();
            log.info("{} stopped", name);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void pollLoop() {
        while (running) {
            try {
                claimAndRun();
            } catch (RuntimeException e) {
                log.warn("{} could not claim jobs; trying again in {}", name, settings.pollInterval(), e);
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
        refreshGauge(now);
        int free = permits.drainPermits();
        if (free == 0) {
            backlog = true;
            return;
        }
        List<J> claimed;
        try {
            claimed = claim(free);
        } catch (RuntimeException e) {
            permits.release(free);
            throw e;
        }
        permits.release(free - claimed.size());
        backlog = claimed.size() == free;
        for (J job : claimed) {
            try {
                workers.execute(() -> {
                    try (var logContext = OrderLogContext.order(job.orderId())) {
                        run(job);
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

    private void run(J job) {
        Step step;
        try {
            step = work(job);
        } catch (RuntimeException e) {
            log.warn("{} of order {} failed unexpectedly", settings.what(), job.orderId(), e);
            step = new Step.Retry("unexpected failure: " + e.getClass().getSimpleName());
        }
        switch (step) {
            // an answer in hand is recorded even at shutdown: the writer's last batch takes it
            case Step.Finish finish -> outcomes.add(job, finish);
            case Step.Retry retry
            when Thread.currentThread().isInterrupted() ->
                log.info(
                        "{} of order {} interrupted by shutdown; retried after its lease runs out",
                        settings.what(),
                        job.orderId());
            case Step.Retry retry -> retry(job, retry);
        }
    }

    /** The back-off after {@code attempts} attempts, but never shorter than the retry asks. */
    static Duration delay(Backoff backoff, int attempts, Step.Retry retry, RandomGenerator random) {
        Duration backedOff = backoff.after(attempts, random);
        return backedOff.compareTo(retry.atLeast()) < 0 ? retry.atLeast() : backedOff;
    }

    private void retry(J job, Step.Retry retry) {
        String reason = retry.reason();
        Duration delay = delay(settings.backoff(), job.attempts(), retry, ThreadLocalRandom.current());
        log.warn(
                "{} of order {} not finished (attempt {}): {}; retrying in {}",
                settings.what(),
                job.orderId(),
                job.attempts(),
                reason,
                delay);
        count("retried");
        try {
            if (table.reschedule(job, delay, reason)) {
                retriesDue.add(System.nanoTime() + delay.toNanos() + 5_000_000L);
                wake();
            } else {
                log.info("{} of order {} was taken over or finished elsewhere", settings.what(), job.orderId());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not reschedule the {} of order {}; retried after its lease",
                    settings.what().toLowerCase(Locale.ROOT),
                    job.orderId(),
                    e);
        }
    }

    /** A batch of finished jobs committed: count them, and look for the jobs that are due again at once. */
    private void committed(List<LeasedJobTable.Done<J>> done, List<String> dueAgain) {
        done.forEach(job -> count(job.outcome()));
        if (!dueAgain.isEmpty()) {
            wake();
        }
    }

    private void count(String outcome) {
        outcomeCounters
                .computeIfAbsent(outcome.toLowerCase(Locale.ROOT), tag -> Counter.builder(
                                "payments.pg." + settings.kind() + ".outcomes")
                        .description("What came of attempts at jobs of this kind: the outcome a job finished with once"
                                + " recorded, or retried")
                        .tag("outcome", tag)
                        .register(meters))
                .increment();
    }

    private void refreshGauge(long now) {
        if (gaugeRefreshedAt != null && now - gaugeRefreshedAt < GAUGE_REFRESH.toNanos()) {
            return;
        }
        gaugeRefreshedAt = now;
        try {
            pending.set(table.countPending());
        } catch (RuntimeException e) {
            log.debug("{} could not refresh its pending gauge", name, e);
        }
    }
}
