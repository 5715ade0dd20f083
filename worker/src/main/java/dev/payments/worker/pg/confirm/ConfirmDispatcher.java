package dev.payments.worker.pg.confirm;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgConfirmation;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.client.ConfirmResult;
import dev.payments.worker.pg.client.LookupResult;
import dev.payments.worker.pg.client.PgProperties;
import dev.payments.worker.pg.client.TossPayment;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.pg.jobs.Backoff;
import dev.payments.worker.pg.jobs.JobDispatcher;
import dev.payments.worker.pg.jobs.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works off confirm jobs on the {@link JobDispatcher} template. Per job: confirm with the job's stable
 * Idempotency-Key; a definitive answer finishes the job with a {@code payment.pg.confirmation} event (a deterministic
 * id, so an answer recorded twice is one event to the consumer). Anything else retries with back-off; after
 * {@code lookupAfterAttempts} transient answers the payment is also looked up by orderId, in case it ended anyway. A
 * crash anywhere retries the job under the same Idempotency-Key once its lease runs out: at most one approval per
 * order.
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.pg.confirm.enabled", matchIfMissing = true)
public class ConfirmDispatcher extends JobDispatcher<ConfirmJob> {

    private static final Logger log = LoggerFactory.getLogger(ConfirmDispatcher.class);

    private final ConfirmJobs jobs;
    private final TossPaymentsClient pg;
    private final PgProperties.Confirm settings;
    private final Clock clock;
    private final Counter overdue;

    ConfirmDispatcher(
            ConfirmJobs jobs,
            TossPaymentsClient pg,
            PgProperties properties,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters) {
        super(jobSettings(properties.confirm()), jobs, outbox, transactions, clock, meters);
        this.jobs = jobs;
        this.pg = pg;
        this.settings = properties.confirm();
        this.clock = clock;
        this.overdue = Counter.builder("payments.pg.confirm.overdue")
                .description("Confirm attempts for jobs past the PG's confirm window; reconciliation must look at them")
                .register(meters);
    }

    private static Settings jobSettings(PgProperties.Confirm confirm) {
        return new Settings(
                "confirm",
                "Confirm",
                confirm.maxConcurrency(),
                confirm.pollInterval(),
                confirm.shutdownGrace(),
                new Backoff(confirm.initialBackoff(), confirm.maxBackoff()));
    }

    @Override
    protected List<ConfirmJob> claim(int limit) {
        return jobs.claim(limit, settings.lease());
    }

    /** What the PG says about the job, asking as many questions as the answers require. */
    @Override
    protected Step work(ConfirmJob job) {
        return switch (pg.confirm(job.paymentKey(), job.orderId(), job.amount(), job.idempotencyKey())) {
            case ConfirmResult.Approved approved -> answered(job, approvedBy(job, approved.payment()));
            case ConfirmResult.Rejected rejected ->
                answered(
                        job,
                        PgConfirmation.rejected(job.orderId(), job.paymentKey(), rejected.code(), rejected.message()));
            case ConfirmResult.AlreadyProcessed alreadyProcessed ->
                switch (pg.paymentByKey(job.paymentKey())) {
                    case LookupResult.Found found -> fromPayment(job, found.payment());
                    case LookupResult.NotFound notFound ->
                        new Step.Retry("ALREADY_PROCESSED_PAYMENT, but the payment is not found by its key");
                    case LookupResult.Transient t ->
                        new Step.Retry("ALREADY_PROCESSED_PAYMENT; look-up: " + t.reason());
                };
            case ConfirmResult.Transient t ->
                job.attempts() >= settings.lookupAfterAttempts()
                        ? reconcile(job, t.reason())
                        : new Step.Retry(t.reason());
        };
    }

    /** Past the PG's confirm window, every retry waits the longest back-off and is counted as overdue. */
    @Override
    protected Duration retryDelay(ConfirmJob job, Backoff backoff, RandomGenerator random) {
        if (!job.pastWindow(settings.window())) {
            return super.retryDelay(job, backoff, random);
        }
        overdue.increment();
        log.warn(
                "Confirm of order {} still undecided {} after the job was created; retried at the longest back-off",
                job.orderId(),
                settings.window());
        return backoff.longest(random);
    }

    /** After repeated transient answers: did the payment end anyway? Otherwise confirm again, same key. */
    private Step reconcile(ConfirmJob job, String confirmFailure) {
        return switch (pg.paymentByOrderId(job.orderId())) {
            case LookupResult.Found found -> {
                Step step = fromPayment(job, found.payment());
                yield step instanceof Step.Retry retry ? new Step.Retry(confirmFailure + "; " + retry.reason()) : step;
            }
            case LookupResult.NotFound notFound -> new Step.Retry(confirmFailure + "; no payment found for the order");
            case LookupResult.Transient t -> new Step.Retry(confirmFailure + "; look-up: " + t.reason());
        };
    }

    private Step fromPayment(ConfirmJob job, TossPayment payment) {
        if (!job.orderId().equals(payment.orderId()) || !job.paymentKey().equals(payment.paymentKey())) {
            log.error(
                    "The PG's payment for order {} belongs to another order or payment; not deciding on it",
                    job.orderId());
            return new Step.Retry("the PG's payment does not match the job's order and paymentKey");
        }
        return switch (payment.paymentStatus()) {
            case DONE -> answered(job, approvedBy(job, payment));
            // the payment will never be approved
            case ABORTED, EXPIRED, CANCELED -> {
                String message = payment.failure() != null && payment.failure().message() != null
                        ? payment.failure().message()
                        : "payment is " + payment.status() + " at the PG";
                yield answered(
                        job, PgConfirmation.rejected(job.orderId(), job.paymentKey(), payment.status(), message));
            }
            case READY, IN_PROGRESS, WAITING_FOR_DEPOSIT, PARTIAL_CANCELED, OTHER ->
                new Step.Retry("payment is " + payment.status() + " at the PG");
        };
    }

    private static PgConfirmation approvedBy(ConfirmJob job, TossPayment payment) {
        return PgConfirmation.approved(job.orderId(), job.paymentKey(), payment.approvedAt());
    }

    /** The PG's definitive answer: the job is finished, and the answer goes to the order's partition. */
    private Step answered(ConfirmJob job, PgConfirmation confirmation) {
        if (confirmation.approved()) {
            log.info("PG approved order {} (attempt {})", job.orderId(), job.attempts());
        } else {
            log.info("PG rejected order {} with {} (attempt {})", job.orderId(), confirmation.code(), job.attempts());
        }
        return new Step.Finish(
                confirmation.approved() ? ConfirmJobs.APPROVED : ConfirmJobs.REJECTED,
                Optional.of(CloudEvent.of(
                        EventIds.confirmation(job.orderId()), EventSources.WORKER, clock.instant(), confirmation)));
    }
}
