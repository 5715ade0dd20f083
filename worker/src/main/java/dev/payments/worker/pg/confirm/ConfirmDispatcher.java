package dev.payments.worker.pg.confirm;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgPaymentStatus;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.VirtualAccount;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 *
 * <p>The PG's payment, from the confirm's answer or a look-up, is believed only for the payment asked about (docs/
 * contract.md §5): another orderId or paymentKey is a definitive failure. Our payment approved for another amount is
 * the PG's word that money moved: it goes to the order as a verified status, which fails the order and gives the
 * payment back. Its status is decided explicitly:
 *
 * <ul>
 *   <li>DONE approves, naming the method (card, easy pay, transfer, phone: any method the PG approved);
 *   <li>WAITING_FOR_DEPOSIT with a virtual account (number, bank, due date) is the PG's word that an account was
 *       issued: the confirmation awaits the deposit and carries the account, the method and the payment's secret
 *       when the PG showed it (a confirm answer does; a look-up, on the reconcile path, may not);
 *   <li>WAITING_FOR_DEPOSIT without such an account refuses loudly ({@value #VIRTUAL_ACCOUNT_MISSING}): the buyer
 *       could not be told where to pay, nor the order when to stop waiting, so it fails instead of waiting for ever;
 *       a deposit made anyway reaches the ended order as the PG's word and is given back;
 *   <li>ABORTED and EXPIRED refuse with that status; CANCELED, PARTIAL_CANCELED (money moved and was given back
 *       outside us) refuse loudly;
 *   <li>READY, IN_PROGRESS and anything unknown are asked again, but only within the PG's confirm window: past it one
 *       last look-up by orderId decides, or the job goes to review and is never retried.
 * </ul>
 *
 * <p>Neither the payment's secret nor the account number is ever logged.
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.pg.confirm.enabled", matchIfMissing = true)
public class ConfirmDispatcher extends JobDispatcher<ConfirmJob> {

    /** The PG's payment is not the one the job asked about. */
    static final String PG_ANSWER_MISMATCH = "PG_ANSWER_MISMATCH";
    /** The payment waits for a deposit, but the PG named no account (number, bank, due date) it could be paid into. */
    static final String VIRTUAL_ACCOUNT_MISSING = "VIRTUAL_ACCOUNT_MISSING";
    /** The payment was cancelled at the PG, in full or in part, by someone else. */
    static final String CANCELED_AT_PG = "CANCELED_AT_PG";

    private static final Logger log = LoggerFactory.getLogger(ConfirmDispatcher.class);

    private final ConfirmJobs jobs;
    private final TossPaymentsClient pg;
    private final PgProperties.Confirm settings;
    private final Clock clock;
    private final MeterRegistry meters;

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
        this.meters = meters;
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
        if (job.pastWindow(settings.window())) {
            return lastLookUp(job);
        }
        return switch (pg.confirm(job.paymentKey(), job.orderId(), job.amount(), job.idempotencyKey())) {
            case ConfirmResult.Answered answered -> fromPayment(job, answered.payment(), "confirm answered");
            case ConfirmResult.Rejected rejected ->
                answered(
                        job,
                        PgConfirmation.rejected(job.orderId(), job.paymentKey(), rejected.code(), rejected.message()));
            case ConfirmResult.AlreadyProcessed alreadyProcessed ->
                switch (pg.paymentByKey(job.paymentKey())) {
                    case LookupResult.Found found ->
                        fromPayment(job, found.payment(), "ALREADY_PROCESSED_PAYMENT; look-up by key");
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

    /** After repeated transient answers: did the payment end anyway? Otherwise confirm again, same key. */
    private Step reconcile(ConfirmJob job, String confirmFailure) {
        return switch (pg.paymentByOrderId(job.orderId())) {
            case LookupResult.Found found -> fromPayment(job, found.payment(), confirmFailure + "; look-up by orderId");
            case LookupResult.NotFound notFound -> new Step.Retry(confirmFailure + "; no payment found for the order");
            case LookupResult.Transient t -> new Step.Retry(confirmFailure + "; look-up: " + t.reason());
        };
    }

    /**
     * Past the PG's confirm window a confirm can no longer approve: one last look-up by orderId decides if it can;
     * otherwise the job goes to review instead of being retried forever. The reconciler keeps looking the order up, so
     * the order still ends once the PG's word is final.
     */
    private Step lastLookUp(ConfirmJob job) {
        Step step =
                switch (pg.paymentByOrderId(job.orderId())) {
                    case LookupResult.Found found -> fromPayment(job, found.payment(), "last look-up by orderId");
                    case LookupResult.NotFound notFound -> new Step.Retry("no payment found for the order");
                    case LookupResult.Transient t -> new Step.Retry("look-up: " + t.reason());
                };
        if (!(step instanceof Step.Retry undecided)) {
            return step;
        }
        log.error(
                "Confirm of order {} still undecided {} after the job was created ({}); it is not retried and waits for"
                        + " review, while the reconciler keeps looking the order up",
                job.orderId(),
                settings.window(),
                undecided.reason());
        return new Step.Finish(ConfirmJobs.REVIEW, Optional.empty());
    }

    /** The PG's payment, believed only for the job's own orderId, paymentKey and amount; its status decides. */
    private Step fromPayment(ConfirmJob job, TossPayment payment, String source) {
        List<String> differing = differingFields(job, payment);
        if (differing.equals(List.of("totalAmount")) && payment.paymentStatus() == PgPaymentStatus.DONE) {
            return approvedAnotherAmount(job, payment, source);
        }
        if (!differing.isEmpty()) {
            return moneyAnomaly(
                    job,
                    PG_ANSWER_MISMATCH,
                    source + ": the PG's payment has another " + String.join(", ", differing) + " than ours");
        }
        return switch (payment.paymentStatus()) {
            case DONE ->
                answered(
                        job,
                        PgConfirmation.approved(
                                job.orderId(), job.paymentKey(), payment.approvedAt(), payment.method()));
            case WAITING_FOR_DEPOSIT -> awaitingDeposit(job, payment, source);
            // the payment will never be approved
            case ABORTED, EXPIRED -> {
                String message = payment.failure() != null && payment.failure().message() != null
                        ? payment.failure().message()
                        : "payment is " + payment.status() + " at the PG";
                yield answered(
                        job, PgConfirmation.rejected(job.orderId(), job.paymentKey(), payment.status(), message));
            }
            // the money moved and was given back, in full or in part, by someone else: the order keeps none of it
            case CANCELED, PARTIAL_CANCELED ->
                moneyAnomaly(job, CANCELED_AT_PG, source + ": the payment is " + payment.status() + " at the PG");
            // not final yet: asked again, within the window
            case READY, IN_PROGRESS, OTHER ->
                new Step.Retry(source + ": payment is " + payment.status() + " at the PG");
        };
    }

    /**
     * A virtual account was issued for our payment: the order waits for the buyer's deposit to the account the PG
     * named. Without a complete account the order could neither show where to pay nor keep a deadline: refused loudly.
     */
    private Step awaitingDeposit(ConfirmJob job, TossPayment payment, String source) {
        VirtualAccount account = payment.issuedAccount();
        if (account == null) {
            return moneyAnomaly(
                    job,
                    VIRTUAL_ACCOUNT_MISSING,
                    source + ": the payment waits for a deposit (method "
                            + (payment.method() == null ? "not named" : payment.method())
                            + "), but the PG named no virtual account with a number, a bank and a due date");
        }
        log.info(
                "PG issued a virtual account for order {} ({}: bank {}, due {}, secret {}; attempt {}); the order awaits"
                        + " the deposit",
                job.orderId(),
                source,
                account.bankCode(),
                account.dueDate(),
                payment.secret() == null ? "not shown" : "kept",
                job.attempts());
        return new Step.Finish(
                ConfirmJobs.AWAITING_DEPOSIT,
                Optional.of(CloudEvent.of(
                        EventIds.confirmation(job.orderId()),
                        EventSources.WORKER,
                        clock.instant(),
                        PgConfirmation.awaitingDeposit(
                                job.orderId(), job.paymentKey(), payment.method(), account, payment.secret()))));
    }

    /**
     * The PG approved our payment (our orderId, our paymentKey) for another amount than the order's: the money moved,
     * so this is not a refusal to be taken at its word but the PG's verified word on the payment, sent to the order's
     * partition as such. There the order fails (PG_AMOUNT_MISMATCH, counted and logged once, by the consumer) and the
     * whole payment is given back.
     */
    private Step approvedAnotherAmount(ConfirmJob job, TossPayment payment, String source) {
        log.error(
                "{}: the PG approved order {} for {} instead of {}; the order fails and the payment is given back",
                source,
                job.orderId(),
                payment.totalAmount(),
                job.amount());
        PgStatus status = payment.asLookedUpStatusOf(job.orderId());
        return new Step.Finish(
                ConfirmJobs.REJECTED,
                Optional.of(CloudEvent.of(
                        EventIds.status(job.orderId(), "confirm"), EventSources.WORKER, clock.instant(), status)));
    }

    /** The names of the fields in which the PG's payment differs from the one the job asked about. */
    private static List<String> differingFields(ConfirmJob job, TossPayment payment) {
        List<String> differing = new ArrayList<>(3);
        if (!job.orderId().equals(payment.orderId())) {
            differing.add("orderId");
        }
        if (!job.paymentKey().equals(payment.paymentKey())) {
            differing.add("paymentKey");
        }
        if (!Objects.equals(payment.totalAmount(), job.amount())) {
            differing.add("totalAmount");
        }
        return differing;
    }

    /**
     * A definitive refusal the PG's answer forces on us although the money may have moved: counted on the worker's
     * money-anomaly counter (the one the order processor counts on too), logged at ERROR, and refused with {@code
     * reason} as the code, so the order fails instead of waiting for an answer that will never change.
     */
    private Step moneyAnomaly(ConfirmJob job, String reason, String message) {
        Counter.builder("payments.worker.money_anomalies")
                .description("Money the PG moved in a way the order does not account for, by reason: an operator must"
                        + " look at each")
                .tag("reason", reason)
                .register(meters)
                .increment();
        log.error("Money anomaly {} confirming order {}: {}; the confirm is refused", reason, job.orderId(), message);
        return answered(job, PgConfirmation.rejected(job.orderId(), job.paymentKey(), reason, message));
    }

    /** The PG's definitive answer: the job is finished, and the answer goes to the order's partition. */
    private Step answered(ConfirmJob job, PgConfirmation confirmation) {
        if (confirmation.approved()) {
            log.info(
                    "PG approved order {} ({}; attempt {})",
                    job.orderId(),
                    confirmation.method() == null ? "no method named" : confirmation.method(),
                    job.attempts());
        } else {
            log.info("PG rejected order {} with {} (attempt {})", job.orderId(), confirmation.code(), job.attempts());
        }
        return new Step.Finish(
                confirmation.approved() ? ConfirmJobs.APPROVED : ConfirmJobs.REJECTED,
                Optional.of(CloudEvent.of(
                        EventIds.confirmation(job.orderId()), EventSources.WORKER, clock.instant(), confirmation)));
    }
}
