package dev.payments.worker.pg.deposit;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgPaymentStatus;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.client.CancelResult;
import dev.payments.worker.pg.client.LookupResult;
import dev.payments.worker.pg.client.PgProperties;
import dev.payments.worker.pg.client.TossPayment;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.pg.jobs.Backoff;
import dev.payments.worker.pg.jobs.JobDispatcher;
import dev.payments.worker.pg.jobs.Step;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works off deposit-cancel jobs on the {@link JobDispatcher} template. Per attempt, the payment is first read from the
 * PG by orderId, so that a deposit racing the deadline ends in exactly one outcome, the PG's:
 *
 * <ul>
 *   <li>still {@code WAITING_FOR_DEPOSIT}: the whole payment is cancelled (no {@code cancelAmount}, the job's
 *       Idempotency-Key), and the payment the PG answers with is published as its verified word (id
 *       {@code <orderId>:status:deposit-expired});
 *   <li>{@code DONE}, {@code CANCELED} or {@code PARTIAL_CANCELED} already (deposited, or cancelled by someone else):
 *       nothing is cancelled; the look-up is published (id {@code <orderId>:status:deposit-deadline});
 *   <li>a cancel the PG refused ({@code ALREADY_CANCELED_PAYMENT} or any other definitive code): the payment is read
 *       again and published if it no longer waits (id {@code <orderId>:status:deposit-expired}); if it still waits,
 *       the refusal is counted and the job retried, and after {@code review-after} refusals it goes to review with an
 *       ERROR line, since the order would otherwise wait for ever;
 *   <li>anything transient (timeouts, 5xx, {@code PROVIDER_ERROR}, {@code FORBIDDEN_CONSECUTIVE_REQUEST},
 *       {@code 409 IDEMPOTENT_REQUEST_PROCESSING}, a look-up that fails): retried with back-off.
 * </ul>
 *
 * <p>Every published status is a {@code payment.pg.status} with verification LOOKUP, written through the outbox with
 * the job's DONE mark (so signed as the worker's); the order's state machine decides what it means. Any other status
 * the PG reports (ABORTED, EXPIRED, one this version does not know) is published too, but the job goes to review: a
 * virtual account past its deadline should not be in it.
 *
 * <p>Keys: the PG replays under an Idempotency-Key the first answer it gave, 4xx included, so an answer with the PG's
 * own code that cancelled nothing (a refusal, "come back later", a stored error) moves the job to its next key. That
 * can never cancel twice: the cancel is of the whole payment, which the PG refuses to cancel again
 * ({@code ALREADY_CANCELED_PAYMENT}), and each attempt reads the payment first. A timeout or an answer without the
 * PG's code keeps the key.
 *
 * <p>The PG's payment is believed only for the job's own orderId and paymentKey: another one is never cancelled nor
 * published, and the job goes to review.
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.pg.deposit-cancel.enabled", matchIfMissing = true)
public class DepositCancelDispatcher extends JobDispatcher<DepositCancelJob> {

    /** The cancel reason sent to the PG (shown in its console and to the buyer's bank). */
    static final String CANCEL_REASON = "입금 기한 만료";

    /** The {@link EventIds#status} look-up name of the PG's word after a cancel was asked for. */
    static final String AFTER_CANCEL = "deposit-expired";

    /** The {@link EventIds#status} look-up name of the PG's word when nothing was left to cancel. */
    static final String AT_DEADLINE = "deposit-deadline";

    /** What the PG may say of a payment the job is finished with. */
    private static final Set<PgPaymentStatus> SETTLED =
            Set.of(PgPaymentStatus.DONE, PgPaymentStatus.CANCELED, PgPaymentStatus.PARTIAL_CANCELED);

    private static final Logger log = LoggerFactory.getLogger(DepositCancelDispatcher.class);

    private final DepositCancelJobs jobs;
    private final TossPaymentsClient pg;
    private final PgProperties.DepositCancel settings;
    private final Clock clock;

    DepositCancelDispatcher(
            DepositCancelJobs jobs,
            TossPaymentsClient pg,
            PgProperties properties,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters) {
        super(jobSettings(properties.depositCancel()), jobs, outbox, transactions, clock, meters);
        this.jobs = jobs;
        this.pg = pg;
        this.settings = properties.depositCancel();
        this.clock = clock;
    }

    private static Settings jobSettings(PgProperties.DepositCancel depositCancel) {
        return new Settings(
                "deposit-cancel",
                "Deposit cancel",
                depositCancel.maxConcurrency(),
                depositCancel.pollInterval(),
                depositCancel.shutdownGrace(),
                new Backoff(depositCancel.initialBackoff(), depositCancel.maxBackoff()));
    }

    @Override
    protected List<DepositCancelJob> claim(int limit) {
        return jobs.claim(limit, settings.lease());
    }

    /** What the PG says of the payment, cancelling it first if it still waits for its deposit. */
    @Override
    protected Step work(DepositCancelJob job) {
        return switch (pg.paymentByOrderId(job.orderId())) {
            case LookupResult.Found found -> {
                TossPayment payment = found.payment();
                if (payment.paymentStatus() == PgPaymentStatus.WAITING_FOR_DEPOSIT && isOurs(job, payment)) {
                    yield cancel(job);
                }
                yield settled(job, payment, AT_DEADLINE, "look-up by orderId");
            }
            case LookupResult.NotFound notFound -> new Step.Retry("the PG knows no payment by the order's id");
            case LookupResult.Transient t -> new Step.Retry("look-up: " + t.reason());
        };
    }

    private Step cancel(DepositCancelJob job) {
        return switch (pg.cancelWhole(job.paymentKey(), CANCEL_REASON, job.idempotencyKey())) {
            case CancelResult.Canceled canceled -> settled(job, canceled.payment(), AFTER_CANCEL, "cancel answered");
            case CancelResult.Refused refused -> refused(job, refused);
            case CancelResult.RetryLater later -> underNextKey(job, later.reason(), later.atLeast());
            case CancelResult.Unknown unknown ->
                unknown.keySpent()
                        ? underNextKey(job, unknown.reason(), Duration.ZERO)
                        : new Step.Retry(unknown.reason() + "; retried under the same key");
        };
    }

    /** The PG refused the cancel: read the payment again; if it still waits, the refusal counts towards review. */
    private Step refused(DepositCancelJob job, CancelResult.Refused refused) {
        String source = "cancel refused " + refused.code() + "; look-up by orderId";
        return switch (pg.paymentByOrderId(job.orderId())) {
            case LookupResult.Found found -> {
                TossPayment payment = found.payment();
                if (payment.paymentStatus() == PgPaymentStatus.WAITING_FOR_DEPOSIT && isOurs(job, payment)) {
                    yield refusedWhileWaiting(job, refused);
                }
                yield settled(job, payment, AFTER_CANCEL, source);
            }
            case LookupResult.NotFound notFound ->
                underNextKey(job, source + ": the PG knows no payment by the order's id", Duration.ZERO);
            case LookupResult.Transient t -> underNextKey(job, source + ": " + t.reason(), Duration.ZERO);
        };
    }

    private Step refusedWhileWaiting(DepositCancelJob job, CancelResult.Refused refused) {
        String reason = "the PG refused the cancel (" + refused.code() + ": " + refused.message()
                + ") while the payment still waits for its deposit";
        Optional<Integer> refusals = jobs.countRefusal(job);
        if (refusals.isEmpty()) {
            return new Step.Retry(reason + "; the job moved on meanwhile");
        }
        if (refusals.get() >= settings.reviewAfter()) {
            return review(job, reason + ", " + refusals.get() + " times", Optional.empty());
        }
        return underNextKey(job, reason + " (" + refusals.get() + " of " + settings.reviewAfter() + ")", Duration.ZERO);
    }

    /**
     * The PG answered with a code of its own and cancelled nothing: it would replay that answer under the current key,
     * so the next attempt goes under the next key, not before {@code atLeast}.
     */
    private Step underNextKey(DepositCancelJob job, String reason, Duration atLeast) {
        if (!jobs.rotateKey(job)) {
            return new Step.Retry(reason + "; the job moved on meanwhile", atLeast);
        }
        return new Step.Retry(reason + "; retried under key generation " + (job.keyGeneration() + 1), atLeast);
    }

    /**
     * The PG's word on a payment that no longer waits for its deposit (or, from a cancel's answer, never will): the
     * job is finished and the word goes to the order's partition as a verified status.
     */
    private Step settled(DepositCancelJob job, TossPayment payment, String lookup, String source) {
        if (!isOurs(job, payment)) {
            return review(
                    job,
                    source + ": the PG's payment has another " + String.join(", ", differingFields(job, payment))
                            + " than ours; nothing is cancelled or published",
                    Optional.empty());
        }
        Optional<CloudEvent<? extends EventData>> event = Optional.of(CloudEvent.of(
                EventIds.status(job.orderId(), lookup),
                EventSources.WORKER,
                clock.instant(),
                payment.asLookedUpStatusOf(job.orderId())));
        if (!SETTLED.contains(payment.paymentStatus())) {
            return review(
                    job,
                    source + ": the payment is " + payment.status()
                            + " at the PG, which a virtual account past its deadline should not be; published as is",
                    event);
        }
        log.info(
                "Deposit cancel of order {}: {}, the PG says the payment is {} (balance {}; attempt {})",
                job.orderId(),
                source,
                payment.status(),
                payment.balanceAmount(),
                job.attempts());
        return new Step.Finish(payment.paymentStatus().name(), event);
    }

    /** The job goes to review, never retried: an operator must look at the payment at the PG. */
    private Step review(DepositCancelJob job, String reason, Optional<CloudEvent<? extends EventData>> event) {
        log.error(
                "Deposit cancel of order {} goes to review after attempt {}: {}. The order waits in AWAITING_DEPOSIT"
                        + " until the PG's word moves it; check the payment in the PG's console",
                job.orderId(),
                job.attempts(),
                reason);
        return new Step.Finish(DepositCancelJobs.REVIEW, event);
    }

    private static boolean isOurs(DepositCancelJob job, TossPayment payment) {
        return differingFields(job, payment).isEmpty();
    }

    private static List<String> differingFields(DepositCancelJob job, TossPayment payment) {
        List<String> differing = new ArrayList<>(2);
        if (!job.orderId().equals(payment.orderId())) {
            differing.add("orderId");
        }
        if (!job.paymentKey().equals(payment.paymentKey())) {
            differing.add("paymentKey");
        }
        return differing;
    }
}
