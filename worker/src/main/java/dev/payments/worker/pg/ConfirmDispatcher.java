package dev.payments.worker.pg;

import dev.payments.schemas.PgConfirmation;
import dev.payments.support.logging.OrderLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Works off confirm jobs, off the ordered consumer path: a {@link LeasedJobPoller} claims due jobs (every poll
 * interval, at once when woken by a new job, and when a retry of its own falls due) and runs each on a virtual thread,
 * at most {@code maxConcurrency} at a time, so a slow PG holds up only its own orders.
 *
 * <p>Per job: confirm with the job's stable Idempotency-Key; a definitive answer is published as a
 * {@code payment.pg.confirmation} event and, once the broker has acknowledged it, the job is marked done. Anything else
 * reschedules the job with exponential back-off. A crash at any point leaves the job PENDING under a lease that runs
 * out, after which any instance retries it under the same Idempotency-Key: at most one approval per order.
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.pg.confirm.enabled", matchIfMissing = true)
public class ConfirmDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfirmDispatcher.class);

    /** Payment statuses that mean the payment will never be approved. */
    private static final Set<String> FAILED_STATUSES = Set.of("ABORTED", "EXPIRED", "CANCELED");

    private final ConfirmJobs jobs;
    private final TossPaymentsClient pg;
    private final ConfirmationPublisher publisher;
    private final PgProperties.Confirm settings;
    private final Backoff backoff;
    private final LeasedJobPoller<ConfirmJob> poller;
    private final DoneMarks doneMarks;

    private final AtomicLong pending = new AtomicLong();
    private final MeterRegistry meters;
    private final Counter overdue;

    ConfirmDispatcher(
            ConfirmJobs jobs,
            TossPaymentsClient pg,
            ConfirmationPublisher publisher,
            PgProperties properties,
            MeterRegistry meters) {
        this.jobs = jobs;
        this.pg = pg;
        this.publisher = publisher;
        this.settings = properties.confirm();
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        this.poller = new LeasedJobPoller<>(
                new LeasedJobPoller.Settings(
                        "PG confirm dispatcher",
                        "pg-confirm",
                        settings.maxConcurrency(),
                        settings.pollInterval(),
                        settings.shutdownGrace()),
                limit -> jobs.claim(limit, settings.lease()),
                this::run,
                () -> pending.set(jobs.countPending()));
        this.doneMarks = new DoneMarks(jobs);
        this.meters = meters;
        Gauge.builder("payments.pg.confirm.pending", pending, AtomicLong::get)
                .description("Confirm jobs waiting for the PG's definitive answer (all instances)")
                .register(meters);
        this.overdue = Counter.builder("payments.pg.confirm.overdue")
                .description("Confirm attempts for jobs past the PG's confirm window; reconciliation must look at them")
                .register(meters);
    }

    /** Makes the poller look for due jobs now (a new job was committed). Cheap; safe from any thread. */
    public void wake() {
        poller.wake();
    }

    @Override
    public void start() {
        doneMarks.start();
        poller.start();
    }

    /** Stops claiming, lets confirms in flight finish within the shutdown grace, then interrupts the rest. */
    @Override
    public void stop() {
        poller.stop();
        // after the jobs in flight: their marks are written before the instance goes
        doneMarks.stop();
    }

    @Override
    public boolean isRunning() {
        return poller.isRunning();
    }

    private void run(ConfirmJob job) {
        try (var logContext = OrderLogContext.order(job.orderId())) {
            runInLogContext(job);
        }
    }

    private void runInLogContext(ConfirmJob job) {
        Step step;
        try {
            step = decide(job);
        } catch (RuntimeException e) {
            log.warn("Confirm of order {} failed unexpectedly", job.orderId(), e);
            step = new Retry("unexpected failure: " + e.getClass().getSimpleName());
        }
        if (Thread.currentThread().isInterrupted()) {
            log.info("Confirm of order {} interrupted by shutdown; retried after its lease runs out", job.orderId());
            return;
        }
        switch (step) {
            case Publish publish -> publishAndFinish(job, publish.confirmation());
            case Retry retry -> retry(job, retry.reason());
        }
    }

    /** What the PG says about the job, asking as many questions as the answers require. */
    private Step decide(ConfirmJob job) {
        return switch (pg.confirm(job.paymentKey(), job.orderId(), job.amount(), job.idempotencyKey())) {
            case ConfirmResult.Approved approved -> new Publish(approvedBy(job, approved.payment()));
            case ConfirmResult.Rejected rejected ->
                new Publish(
                        PgConfirmation.rejected(job.orderId(), job.paymentKey(), rejected.code(), rejected.message()));
            case ConfirmResult.AlreadyProcessed alreadyProcessed ->
                switch (pg.paymentByKey(job.paymentKey())) {
                    case LookupResult.Found found -> fromPayment(job, found.payment());
                    case LookupResult.NotFound notFound ->
                        new Retry("ALREADY_PROCESSED_PAYMENT, but the payment is not found by its key");
                    case LookupResult.Transient t -> new Retry("ALREADY_PROCESSED_PAYMENT; look-up: " + t.reason());
                };
            case ConfirmResult.Transient t ->
                job.attempts() >= settings.lookupAfterAttempts() ? reconcile(job, t.reason()) : new Retry(t.reason());
        };
    }

    /** After repeated transient answers: did the payment end anyway? Otherwise confirm again, same key. */
    private Step reconcile(ConfirmJob job, String confirmFailure) {
        return switch (pg.paymentByOrderId(job.orderId())) {
            case LookupResult.Found found -> {
                Step step = fromPayment(job, found.payment());
                yield step instanceof Retry retry ? new Retry(confirmFailure + "; " + retry.reason()) : step;
            }
            case LookupResult.NotFound notFound -> new Retry(confirmFailure + "; no payment found for the order");
            case LookupResult.Transient t -> new Retry(confirmFailure + "; look-up: " + t.reason());
        };
    }

    private Step fromPayment(ConfirmJob job, TossPayment payment) {
        if (!job.orderId().equals(payment.orderId()) || !job.paymentKey().equals(payment.paymentKey())) {
            log.error(
                    "The PG's payment for order {} belongs to another order or payment; not deciding on it",
                    job.orderId());
            return new Retry("the PG's payment does not match the job's order and paymentKey");
        }
        if (payment.isDone()) {
            return new Publish(approvedBy(job, payment));
        }
        if (FAILED_STATUSES.contains(payment.status())) {
            String message = payment.failure() != null && payment.failure().message() != null
                    ? payment.failure().message()
                    : "payment is " + payment.status() + " at the PG";
            return new Publish(PgConfirmation.rejected(job.orderId(), job.paymentKey(), payment.status(), message));
        }
        return new Retry("payment is " + payment.status() + " at the PG");
    }

    private static PgConfirmation approvedBy(ConfirmJob job, TossPayment payment) {
        return PgConfirmation.approved(job.orderId(), job.paymentKey(), payment.approvedAt());
    }

    private void publishAndFinish(ConfirmJob job, PgConfirmation confirmation) {
        try {
            publisher.publish(confirmation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("Confirm of order {} interrupted by shutdown; retried after its lease runs out", job.orderId());
            return;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                log.info(
                        "Confirm of order {} interrupted by shutdown; retried after its lease runs out", job.orderId());
                return;
            }
            log.warn("Could not publish the confirmation of order {}", job.orderId(), e);
            retry(job, "publishing the confirmation failed: " + e.getMessage());
            return;
        }
        String outcome = confirmation.approved() ? ConfirmJobs.APPROVED : ConfirmJobs.REJECTED;
        // the confirmation is out: the job is done, and marked so in a batch with others (losing the mark is harmless)
        doneMarks.mark(job.orderId(), outcome);
        count(outcome.toLowerCase(Locale.ROOT));
        if (confirmation.approved()) {
            log.info("PG approved order {} (attempt {})", job.orderId(), job.attempts());
        } else {
            log.info("PG rejected order {} with {} (attempt {})", job.orderId(), confirmation.code(), job.attempts());
        }
    }

    private void retry(ConfirmJob job, String reason) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Duration delay;
        if (job.pastWindow(settings.window())) {
            delay = backoff.longest(random);
            overdue.increment();
            log.warn(
                    "Confirm of order {} still undecided {} after the job was created (attempt {}): {}; retrying in {}",
                    job.orderId(),
                    settings.window(),
                    job.attempts(),
                    reason,
                    delay);
        } else {
            delay = backoff.after(job.attempts(), random);
            log.warn(
                    "Confirm of order {} not decided (attempt {}): {}; retrying in {}",
                    job.orderId(),
                    job.attempts(),
                    reason,
                    delay);
        }
        count("retried");
        try {
            if (jobs.reschedule(job, delay, reason)) {
                poller.retryDueIn(delay);
            } else {
                log.info("Confirm job of order {} was taken over or finished elsewhere", job.orderId());
            }
        } catch (RuntimeException e) {
            log.warn("Could not reschedule the confirm of order {}; retried after its lease", job.orderId(), e);
        }
    }

    private void count(String outcome) {
        Counter.builder("payments.pg.confirm.outcomes")
                .description("Confirm jobs by what came of an attempt: approved, rejected or retried")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private sealed interface Step {}

    /** A definitive answer, to be published. */
    private record Publish(PgConfirmation confirmation) implements Step {}

    private record Retry(String reason) implements Step {}
}
