package dev.payments.worker.pg.refund;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgRefund;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.client.CancelMatcher;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works off refund jobs on the {@link JobDispatcher} template: per job, one cancel of the refund's amount at the PG
 * under the refund's Idempotency-Key, with the buyer's refund account when the job holds one (a deposited virtual
 * account: never logged). A definitive answer finishes the job with a {@code payment.pg.refund} event (id
 * {@link EventIds#pgRefund}, so an answer recorded twice is one event to the consumer); anything else retries. A crash
 * anywhere retries the job under its current key once its lease runs out, and the PG replays its stored answer: at most
 * one cancel per refund.
 *
 * <p>The cancel's answer decides:
 *
 * <ul>
 *   <li>the cancels[] entry our request made ({@link CancelMatcher}) → SUCCEEDED, with its transactionKey and the
 *       balance after it;
 *   <li>a definitive refusal → FAILED with the PG's code; but after {@code ALREADY_CANCELED_PAYMENT} the payment is
 *       looked up, and our cancel found in its cancels[] (an earlier attempt made it) is SUCCEEDED;
 *   <li>"come back later" (another cancel of the payment within a second, the bank's hours): the PG cancelled nothing
 *       and replays that answer under the same key, so the job moves to its next key and waits at least as long as
 *       the PG asked;
 *   <li>an unknown outcome (timeout, 5xx, 409, PROVIDER_ERROR...): never a new key blindly. The payment is looked up
 *       and our cancel matched in its cancels[], skipping the entries of the order's other refunds already recorded
 *       SUCCEEDED; found → SUCCEEDED; not found → retried under the same key, which settles whatever the first request
 *       did. While another refund of the order with the same amount and reason is still in flight, its cancel
 *       could not be told from ours, so the look-up is skipped and only the PG's own answer to our key settles ours
 *       (Toss's cancels[] entries name no request). A key under which an attempt timed out is never given up
 *       within {@code key-settle-time} of it: that request may still be running at the PG, and no later answer or
 *       look-up speaks for it. Only when the PG had answered with a code of its own (a 4xx such as PROVIDER_ERROR, or a 5xx such as
 *       FAILED_INTERNAL_SYSTEM_PROCESSING: it finished the request, and may replay that answer under the key forever)
 *       does the look-up showing no cancel of ours allow the next key. A timeout or an answer without the PG's code
 *       never does: the PG may still be working on the request.
 * </ul>
 *
 * <p>The look-up follows every unknown outcome by default ({@code lookup-after-attempts} 1): it is one read, whereas a
 * cancel left unknown holds the order's refundable balance, and a replayed 4xx would never be settled by asking again
 * under the same key. A look-up that fails retries the job as it is.
 *
 * <p>The PG's payment, from a cancel's answer or a look-up, is believed only for the payment asked about: another
 * paymentKey or orderId is a definitive failure, {@code PG_ANSWER_MISMATCH}, logged at ERROR. Money anomalies are the
 * consumer's to count, not this job's.
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.pg.refund.enabled", matchIfMissing = true)
public class RefundDispatcher extends JobDispatcher<RefundJob> {

    /** The PG's payment is not the one the job asked about. */
    static final String PG_ANSWER_MISMATCH = "PG_ANSWER_MISMATCH";

    static final String ALREADY_CANCELED_PAYMENT = "ALREADY_CANCELED_PAYMENT";

    private static final Logger log = LoggerFactory.getLogger(RefundDispatcher.class);

    private final RefundJobs jobs;
    private final TossPaymentsClient pg;
    private final PgProperties.Refund settings;
    private final Clock clock;

    RefundDispatcher(
            RefundJobs jobs,
            TossPaymentsClient pg,
            PgProperties properties,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters) {
        super(jobSettings(properties.refund()), jobs, outbox, transactions, clock, meters);
        this.jobs = jobs;
        this.pg = pg;
        this.settings = properties.refund();
        this.clock = clock;
    }

    private static Settings jobSettings(PgProperties.Refund refund) {
        return new Settings(
                "refund",
                "Refund",
                refund.maxConcurrency(),
                refund.pollInterval(),
                refund.shutdownGrace(),
                new Backoff(refund.initialBackoff(), refund.maxBackoff()));
    }

    @Override
    protected List<RefundJob> claim(int limit) {
        return jobs.claim(limit, settings.lease());
    }

    /** What the PG says about the job's cancel, asking as many questions as the answers require. */
    @Override
    protected Step work(RefundJob job) {
        return switch (pg.cancel(
                job.paymentKey(), job.amount(), job.reason(), job.idempotencyKey(), job.refundAccount())) {
            case CancelResult.Canceled canceled ->
                fromCancel(job, canceled.payment(), canceled.cancel(), "cancel answered");
            case CancelResult.Refused refused
            when ALREADY_CANCELED_PAYMENT.equals(refused.code()) -> alreadyCanceled(job, refused);
            case CancelResult.Refused refused -> answered(job, failed(job, refused.code(), refused.message()));
            case CancelResult.RetryLater later -> underNextKey(job, later.reason(), later.atLeast());
            case CancelResult.Unknown unknown -> {
                if (!unknown.keySpent()) {
                    // the request may still be running at the PG: its key is kept, whatever later answers say
                    jobs.keyInDoubt(job, settings.keySettleTime());
                }
                yield job.attempts() >= settings.lookupAfterAttempts()
                        ? settle(job, unknown)
                        : new Step.Retry(unknown.reason() + "; retried under the same key");
            }
        };
    }

    /** The payment is cancelled in full already: by this refund's own earlier attempt, or by someone else. */
    private Step alreadyCanceled(RefundJob job, CancelResult.Refused refused) {
        if (jobs.hasTwinInFlight(job)) {
            // an entry of ours could not be told from the twin's: the refusal under our key stands
            return answered(job, failed(job, refused.code(), refused.message()));
        }
        return switch (pg.paymentByKey(job.paymentKey())) {
            case LookupResult.Found found ->
                fromLookUp(
                        job,
                        found.payment(),
                        ALREADY_CANCELED_PAYMENT + "; look-up by key",
                        () -> answered(job, failed(job, refused.code(), refused.message())));
            case LookupResult.NotFound notFound ->
                new Step.Retry(ALREADY_CANCELED_PAYMENT + ", but the payment is not found by its key");
            case LookupResult.Transient t -> new Step.Retry(ALREADY_CANCELED_PAYMENT + "; look-up: " + t.reason());
        };
    }

    /** An unknown outcome, settled by what the PG's payment shows; otherwise retried (see the class comment). */
    private Step settle(RefundJob job, CancelResult.Unknown unknown) {
        String source = unknown.reason() + "; look-up by key";
        if (jobs.hasTwinInFlight(job)) {
            // a look-up could take the twin's cancel for ours: only the PG's own answer to our key settles this one
            String twin = unknown.reason() + "; another refund of the same amount and reason is in flight";
            return unknown.keySpent()
                    ? underNextKey(job, twin + ", and the PG's own code said ours cancelled nothing", Duration.ZERO)
                    : new Step.Retry(twin + "; retried under the same key");
        }
        return switch (pg.paymentByKey(job.paymentKey())) {
            case LookupResult.Found found ->
                fromLookUp(
                        job,
                        found.payment(),
                        source,
                        () -> unknown.keySpent()
                                ? underNextKey(job, source + " shows no cancel of ours", Duration.ZERO)
                                : new Step.Retry(source + " shows no cancel of ours yet; retried under the same key"));
            case LookupResult.NotFound notFound ->
                new Step.Retry(unknown.reason() + "; the payment is not found by its key; retried under the same key");
            case LookupResult.Transient t ->
                new Step.Retry(unknown.reason() + "; look-up: " + t.reason() + "; retried under the same key");
        };
    }

    /** A looked-up payment, believed only for our own: our cancel in its cancels[] succeeded; if none, {@code none}. */
    private Step fromLookUp(RefundJob job, TossPayment payment, String source, Supplier<Step> none) {
        Optional<String> differing = differingFields(job, payment);
        if (differing.isPresent()) {
            return mismatch(job, source, differing.get());
        }
        return ourCancel(job, payment)
                .map(cancel -> succeeded(job, payment, cancel))
                .orElseGet(none);
    }

    /** Our cancel among the payment's cancels[], never an entry another refund of the order has recorded. */
    private Optional<TossPayment.Cancel> ourCancel(RefundJob job, TossPayment payment) {
        if (payment.cancels().isEmpty()) {
            return Optional.empty();
        }
        return CancelMatcher.match(payment, job.amount(), job.reason(), jobs.othersTransactionKeys(job));
    }

    /**
     * The PG answered definitively that it cancelled nothing under the current key and would replay that answer: the
     * next attempt goes under the next key, not before {@code atLeast}.
     */
    private Step underNextKey(RefundJob job, String reason, Duration atLeast) {
        if (!jobs.rotateKey(job)) {
            return new Step.Retry(
                    reason + "; the key is kept (an earlier attempt under it may still be running at the PG, or the job"
                            + " moved on meanwhile); retried under the same key",
                    atLeast);
        }
        log.info(
                "PG cancelled nothing for refund {} of order {} under key generation {} ({}); the next attempt uses"
                        + " generation {}",
                job.refundId(),
                job.orderId(),
                job.keyGeneration(),
                reason,
                job.keyGeneration() + 1);
        return new Step.Retry(reason + "; retried under a new key", atLeast);
    }

    /** The cancels[] entry our request made, in the cancel's answer, believed only for our own payment. */
    private Step fromCancel(RefundJob job, TossPayment payment, TossPayment.Cancel cancel, String source) {
        Optional<String> differing = differingFields(job, payment);
        return differing.isPresent() ? mismatch(job, source, differing.get()) : succeeded(job, payment, cancel);
    }

    private Step succeeded(RefundJob job, TossPayment payment, TossPayment.Cancel cancel) {
        return answered(
                job,
                PgRefund.succeeded(
                        job.orderId(),
                        job.refundId(),
                        cancel.transactionKey(),
                        cancel.canceledAt(),
                        balanceAfter(payment, cancel)));
    }

    /** What the payment holds after our cancel: the entry's own record of it, else the payment's current balance. */
    static Long balanceAfter(TossPayment payment, TossPayment.Cancel cancel) {
        return cancel.refundableAmount() != null ? cancel.refundableAmount() : payment.balanceAmount();
    }

    /** The fields in which the PG's payment is not the one the job asked about, named for the log; empty if none. */
    static Optional<String> differingFields(RefundJob job, TossPayment payment) {
        List<String> differing = new ArrayList<>(2);
        if (!job.paymentKey().equals(payment.paymentKey())) {
            differing.add("paymentKey");
        }
        if (!job.orderId().equals(payment.orderId())) {
            differing.add("orderId");
        }
        return differing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", differing));
    }

    private Step mismatch(RefundJob job, String source, String differing) {
        String message = source + ": the PG's payment has another " + differing + " than ours";
        log.error(
                "Refund {} of order {} failed with {}: {}", job.refundId(), job.orderId(), PG_ANSWER_MISMATCH, message);
        return answered(job, failed(job, PG_ANSWER_MISMATCH, message));
    }

    private static PgRefund failed(RefundJob job, String code, String message) {
        return PgRefund.failed(job.orderId(), job.refundId(), code, message);
    }

    /** The PG's definitive answer: the job is finished, and the answer goes to the order's partition. */
    private Step answered(RefundJob job, PgRefund refund) {
        if (refund.succeeded()) {
            log.info(
                    "PG refunded {} of order {} for refund {}: transaction {}, balance {} (attempt {})",
                    job.amount(),
                    job.orderId(),
                    job.refundId(),
                    refund.transactionKey(),
                    refund.balanceAmount(),
                    job.attempts());
        } else {
            log.info(
                    "Refund {} of order {} failed with {} (attempt {})",
                    job.refundId(),
                    job.orderId(),
                    refund.code(),
                    job.attempts());
        }
        return new Step.Finish(
                refund.succeeded() ? RefundJobs.SUCCEEDED : RefundJobs.FAILED,
                Optional.of(CloudEvent.of(
                        EventIds.pgRefund(job.orderId(), job.refundId()),
                        EventSources.WORKER,
                        clock.instant(),
                        refund)));
    }
}
