package dev.payments.worker.pg.status;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgStatus;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.client.LookupResult;
import dev.payments.worker.pg.client.PgProperties;
import dev.payments.worker.pg.client.TossPayment;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.pg.jobs.Backoff;
import dev.payments.worker.pg.jobs.JobDispatcher;
import dev.payments.worker.pg.jobs.Step;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works off status checks on the {@link JobDispatcher} template: per check, read the payment from the PG (by
 * paymentKey, or by orderId when the check names none) and finish with what the PG says as a
 * {@code payment.pg.status} event with verification LOOKUP on the order's key. Each look-up is a new observation with
 * an id of its own; the order state machine decides what the status means for the order. This never confirms
 * anything.
 *
 * <ul>
 *   <li>NOT_FOUND: the PG knows no such payment; the check finishes without an event.
 *   <li>A payment that belongs to another order (a hint with someone else's paymentKey) is never fed back; the check
 *       finishes as MISMATCH and an error is logged.
 *   <li>Anything transient (timeouts, 5xx) retries the check with back-off.
 * </ul>
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.pg.status-check.enabled", matchIfMissing = true)
public class StatusCheckDispatcher extends JobDispatcher<StatusCheckJob> {

    private static final Logger log = LoggerFactory.getLogger(StatusCheckDispatcher.class);

    private final StatusCheckJobs checks;
    private final TossPaymentsClient pg;
    private final PgProperties.StatusCheck settings;
    private final Clock clock;

    StatusCheckDispatcher(
            StatusCheckJobs checks,
            TossPaymentsClient pg,
            PgProperties properties,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters) {
        super(jobSettings(properties.statusCheck()), checks, outbox, transactions, clock, meters);
        this.checks = checks;
        this.pg = pg;
        this.settings = properties.statusCheck();
        this.clock = clock;
    }

    private static Settings jobSettings(PgProperties.StatusCheck statusCheck) {
        return new Settings(
                "status",
                "Status check",
                statusCheck.maxConcurrency(),
                statusCheck.pollInterval(),
                statusCheck.shutdownGrace(),
                new Backoff(statusCheck.initialBackoff(), statusCheck.maxBackoff()));
    }

    @Override
    protected List<StatusCheckJob> claim(int limit) {
        return checks.claim(limit, settings.lease());
    }

    @Override
    protected Step work(StatusCheckJob check) {
        LookupResult answer =
                check.paymentKey() != null ? pg.paymentByKey(check.paymentKey()) : pg.paymentByOrderId(check.orderId());
        return switch (answer) {
            case LookupResult.Found found -> found(check, found.payment());
            case LookupResult.NotFound notFound -> {
                log.info(
                        "The PG knows no payment {} for order {}; nothing to feed back",
                        check.paymentKey() != null ? "with the key given" : "by orderId",
                        check.orderId());
                yield new Step.Finish(StatusCheckJobs.NOT_FOUND, Optional.empty());
            }
            case LookupResult.Transient t -> new Step.Retry(t.reason());
        };
    }

    private Step found(StatusCheckJob check, TossPayment payment) {
        if (!check.orderId().equals(payment.orderId())) {
            log.error(
                    "The PG's payment read for order {} belongs to another order; not feeding it back (a forged or"
                            + " misrouted hint?)",
                    check.orderId());
            return new Step.Finish(StatusCheckJobs.MISMATCH, Optional.empty());
        }
        if (payment.paymentKey() == null || payment.paymentKey().isBlank()) {
            // a signed status without a key could complete the order with no payment recorded against it
            log.error("The PG's payment read for order {} names no paymentKey; not feeding it back", check.orderId());
            return new Step.Finish(StatusCheckJobs.MISMATCH, Optional.empty());
        }
        PgStatus status = payment.asLookedUpStatusOf(check.orderId());
        log.info("PG says order {}'s payment is {} (attempt {})", check.orderId(), payment.status(), check.attempts());
        return new Step.Finish(
                StatusCheckJobs.PUBLISHED,
                Optional.of(CloudEvent.of(
                        EventIds.status(check.orderId(), UUID.randomUUID().toString()),
                        EventSources.WORKER,
                        clock.instant(),
                        status)));
    }
}
