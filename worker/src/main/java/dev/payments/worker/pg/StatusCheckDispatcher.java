package dev.payments.worker.pg;

import dev.payments.schemas.PgStatus;
import dev.payments.support.logging.OrderLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Works off status checks, off the ordered consumer path, on the same {@link LeasedJobPoller} machinery as the confirm
 * dispatcher: per check, read the payment from the PG (by paymentKey, or by orderId when the check names none) and
 * publish what the PG says as a {@code payment.pg.status} event with verification LOOKUP on the order's key; once the
 * broker has acknowledged it, the check is done. The order state machine decides what the status means for the order.
 * This never confirms anything.
 *
 * <ul>
 *   <li>NOT_FOUND: the PG knows no such payment; nothing to publish, the check is done.
 *   <li>A payment that belongs to another order (a hint with someone else's paymentKey) is never published; the check
 *       is done and an error logged.
 *   <li>Anything transient (timeouts, 5xx, the broker not acknowledging) reschedules the check with back-off.
 * </ul>
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.pg.status-check.enabled", matchIfMissing = true)
public class StatusCheckDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusCheckDispatcher.class);

    private final StatusCheckJobs checks;
    private final TossPaymentsClient pg;
    private final StatusPublisher publisher;
    private final PgProperties.StatusCheck settings;
    private final Backoff backoff;
    private final LeasedJobPoller<StatusCheckJob> poller;

    private final AtomicLong pending = new AtomicLong();
    private final MeterRegistry meters;

    StatusCheckDispatcher(
            StatusCheckJobs checks,
            TossPaymentsClient pg,
            StatusPublisher publisher,
            PgProperties properties,
            MeterRegistry meters) {
        this.checks = checks;
        this.pg = pg;
        this.publisher = publisher;
        this.settings = properties.statusCheck();
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        this.meters = meters;
        this.poller = new LeasedJobPoller<>(
                new LeasedJobPoller.Settings(
                        "PG status-check dispatcher",
                        "pg-status",
                        settings.maxConcurrency(),
                        settings.pollInterval(),
                        settings.shutdownGrace()),
                limit -> checks.claim(limit, settings.lease()),
                this::run,
                () -> pending.set(checks.countPending()));
        Gauge.builder("payments.pg.status.pending", pending, AtomicLong::get)
                .description("Status checks waiting to read a payment from the PG (all instances)")
                .register(meters);
    }

    /** Makes the poller look for due checks now (a new check was committed). Cheap; safe from any thread. */
    public void wake() {
        poller.wake();
    }

    @Override
    public void start() {
        poller.start();
    }

    @Override
    public void stop() {
        poller.stop();
    }

    @Override
    public boolean isRunning() {
        return poller.isRunning();
    }

    private void run(StatusCheckJob check) {
        try (var logContext = OrderLogContext.order(check.orderId())) {
            runInLogContext(check);
        }
    }

    private void runInLogContext(StatusCheckJob check) {
        LookupResult answer;
        try {
            answer = check.paymentKey() != null
                    ? pg.paymentByKey(check.paymentKey())
                    : pg.paymentByOrderId(check.orderId());
        } catch (RuntimeException e) {
            log.warn("Status check of order {} failed unexpectedly", check.orderId(), e);
            answer = new LookupResult.Transient(
                    "unexpected failure: " + e.getClass().getSimpleName());
        }
        if (Thread.currentThread().isInterrupted()) {
            log.info("Status check of order {} interrupted by shutdown; retried after its lease", check.orderId());
            return;
        }
        switch (answer) {
            case LookupResult.Found found -> publishAndFinish(check, found.payment());
            case LookupResult.NotFound notFound -> {
                log.info(
                        "The PG knows no payment {} for order {}; nothing to publish",
                        check.paymentKey() != null ? "with the key given" : "by orderId",
                        check.orderId());
                finish(check, StatusCheckJobs.NOT_FOUND);
            }
            case LookupResult.Transient t -> retry(check, t.reason());
        }
    }

    private void publishAndFinish(StatusCheckJob check, TossPayment payment) {
        if (!check.orderId().equals(payment.orderId())) {
            log.error(
                    "The PG's payment read for order {} belongs to another order; not publishing it (a forged or"
                            + " misrouted hint?)",
                    check.orderId());
            finish(check, StatusCheckJobs.MISMATCH);
            return;
        }
        PgStatus status = new PgStatus(
                check.orderId(),
                payment.paymentKey(),
                payment.status(),
                payment.totalAmount(),
                payment.approvedAt(),
                PgStatus.Verification.LOOKUP,
                null);
        try {
            publisher.publish(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("Status check of order {} interrupted by shutdown; retried after its lease", check.orderId());
            return;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                log.info("Status check of order {} interrupted by shutdown; retried after its lease", check.orderId());
                return;
            }
            log.warn("Could not publish the PG status of order {}", check.orderId(), e);
            retry(check, "publishing the status failed: " + e.getMessage());
            return;
        }
        log.info("PG says order {}'s payment is {} (attempt {})", check.orderId(), payment.status(), check.attempts());
        finish(check, StatusCheckJobs.PUBLISHED);
    }

    private void finish(StatusCheckJob check, String outcome) {
        count(outcome);
        try {
            if (checks.markDone(check, outcome)) {
                return;
            }
            // requested again while we were reading the PG: read it again now (if the check is still ours)
            if (checks.reschedule(check, Duration.ZERO, "requested again during a look-up")) {
                poller.retryDueIn(Duration.ZERO);
            }
        } catch (RuntimeException e) {
            // the answer is out; a retry after the lease reads and publishes again, which is harmless
            log.warn("Could not mark the status check of order {} done", check.orderId(), e);
        }
    }

    private void retry(StatusCheckJob check, String reason) {
        Duration delay = backoff.after(check.attempts(), ThreadLocalRandom.current());
        log.warn(
                "Status check of order {} not answered (attempt {}): {}; retrying in {}",
                check.orderId(),
                check.attempts(),
                reason,
                delay);
        count("retried");
        try {
            if (checks.reschedule(check, delay, reason)) {
                poller.retryDueIn(delay);
            } else {
                log.info("Status check of order {} was taken over or finished elsewhere", check.orderId());
            }
        } catch (RuntimeException e) {
            log.warn("Could not reschedule the status check of order {}; retried after its lease", check.orderId(), e);
        }
    }

    private void count(String outcome) {
        Counter.builder("payments.pg.status.outcomes")
                .description("Status checks by what came of an attempt: published, not_found, mismatch or retried")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }
}
