package dev.payments.worker.reconcile;

import dev.payments.support.logging.OrderLogContext;
import dev.payments.worker.pg.status.StatusCheckRequests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looks up orders whose outcome the worker does not know (docs/contract.md §5): SUCCESS orders whose confirm is still
 * undecided after {@code success-after} (pending, or left in review past the PG's confirm window), and IN_PROGRESS
 * orders close to their expiry. It only requests status checks;
 * the PG's answer comes back as a verified {@code payment.pg.status} event that the order state machine applies in
 * order (DONE completes without a second confirm, ABORTED fails, EXPIRED cancels, anything else changes nothing). The
 * reconciler never confirms: at most one approval per order stays the confirm job's business.
 *
 * <p>Safe with several instances: candidates are read without locking orders (the consumer owns those rows), and a
 * request is an upsert of the order's one check row, so two instances asking at once still make one check. An order
 * with a pending check, or one that ended within {@code recheck-after}, is not asked about again. Each request commits
 * in a transaction of its own, so the reconciler never holds two check rows at once and cannot deadlock with the
 * consumer, which requests checks for several orders in one transaction.
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.reconcile.enabled", matchIfMissing = true)
public class Reconciler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final JdbcClient jdbc;
    private final StatusCheckRequests statusChecks;
    private final TransactionTemplate transactions;
    private final ReconcileProperties settings;
    private final Counter successUnconfirmed;
    private final Counter inProgressNearExpiry;

    Reconciler(
            JdbcClient jdbc,
            StatusCheckRequests statusChecks,
            TransactionTemplate transactions,
            ReconcileProperties settings,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.statusChecks = statusChecks;
        this.transactions = transactions;
        this.settings = settings;
        this.successUnconfirmed = requests(meters, "success_unconfirmed");
        this.inProgressNearExpiry = requests(meters, "in_progress_near_expiry");
    }

    private static Counter requests(MeterRegistry meters, String reason) {
        return Counter.builder("payments.reconcile.status_checks")
                .description("Status checks the reconciler requested, by why the order's outcome is unknown")
                .tag("reason", reason)
                .register(meters);
    }

    /** A pass every {@code interval}, the first one {@code interval} after start (with scheduling enabled). */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::scheduledPass, settings.interval(), settings.interval()));
    }

    void scheduledPass() {
        try {
            int requested = reconcileOnce();
            if (requested > 0) {
                log.info("Reconciliation requested {} PG status checks", requested);
            }
        } catch (RuntimeException e) {
            log.warn("Reconciliation pass failed, will retry: {}", e.toString());
        }
    }

    /** One pass: requests checks for at most {@code batch-size} orders of each kind. Returns how many. */
    int reconcileOnce() {
        List<Candidate> unconfirmed = jdbc.sql("""
                        SELECT o.order_id, o.payment_key
                          FROM orders o
                          LEFT JOIN pg_confirmations c ON c.order_id = o.order_id
                         WHERE o.status = 'SUCCESS'
                           AND (c.state IN ('PENDING', 'REVIEW')
                                AND c.created_at < now() - :afterMillis * interval '1 millisecond'
                                OR c.order_id IS NULL
                                   AND o.updated_at < now() - :afterMillis * interval '1 millisecond')
                           AND NOT EXISTS (SELECT 1
                                             FROM pg_status_checks s
                                            WHERE s.order_id = o.order_id
                                              AND (s.state = 'PENDING'
                                                   OR s.updated_at > now() - :recheckMillis * interval '1 millisecond'))
                         ORDER BY o.updated_at
                         LIMIT :limit""")
                .param("afterMillis", settings.successAfter().toMillis())
                .param("recheckMillis", settings.recheckAfter().toMillis())
                .param("limit", settings.batchSize())
                .query(Candidate.class)
                .list();
        // within the window on both sides of the expiry: after it, the expiry sweeper ends the order
        List<Candidate> nearExpiry = jdbc.sql("""
                        SELECT o.order_id, o.payment_key
                          FROM orders o
                         WHERE o.status = 'IN_PROGRESS'
                           AND o.expires_at <= now() + :beforeMillis * interval '1 millisecond'
                           AND o.expires_at > now() - :beforeMillis * interval '1 millisecond'
                           AND NOT EXISTS (SELECT 1
                                             FROM pg_status_checks s
                                            WHERE s.order_id = o.order_id
                                              AND (s.state = 'PENDING'
                                                   OR s.updated_at > now() - :recheckMillis * interval '1 millisecond'))
                         ORDER BY o.expires_at
                         LIMIT :limit""")
                .param("beforeMillis", settings.inProgressBeforeExpiry().toMillis())
                .param("recheckMillis", settings.recheckAfter().toMillis())
                .param("limit", settings.batchSize())
                .query(Candidate.class)
                .list();
        int requested = request(unconfirmed, successUnconfirmed, "its confirm is still undecided");
        return requested + request(nearExpiry, inProgressNearExpiry, "it is IN_PROGRESS close to its expiry");
    }

    private int request(List<Candidate> candidates, Counter counter, String why) {
        int requested = 0;
        for (Candidate candidate : candidates) {
            try (var logContext = OrderLogContext.order(candidate.orderId())) {
                try {
                    transactions.executeWithoutResult(status -> statusChecks.request(
                            List.of(new StatusCheckRequests.Request(candidate.orderId(), candidate.paymentKey()))));
                } catch (RuntimeException e) {
                    log.warn("Could not request a status check of order {}: {}", candidate.orderId(), e.toString());
                    continue;
                }
                statusChecks.committed();
                counter.increment();
                requested++;
                log.info("Looking up order {} at the PG: {}", candidate.orderId(), why);
            }
        }
        return requested;
    }

    /** An order to look up; {@code paymentKey} is null when none is known (then it is looked up by orderId). */
    record Candidate(String orderId, String paymentKey) {}
}
