package dev.payments.worker.expiry;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderExpire;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.outbox.OutgoingRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
 * Asks for open orders (PREPAY, IN_PROGRESS) past their {@code expiresAt} to be cancelled, and for orders awaiting a
 * deposit (AWAITING_DEPOSIT) past their virtual account's due date to have it cancelled: one
 * {@code payment.order.expire} per order, fed back to the order's partition, so it is applied in order with everything
 * else the order receives and a result (or a deposit) that arrived first wins (the state machine refuses an expiry for
 * an order that no longer waits). The sweeper never changes an order itself.
 *
 * <p>One transaction per sweep claims the orders ({@code expiry_requests}, {@code INSERT ... SELECT ... ON CONFLICT ...
 * RETURNING}, open orders first, then orders awaiting a deposit) and writes their expire events to the outbox: a claim
 * exists exactly when its event will be published. Several instances may sweep at once: a concurrent insert of the
 * same order waits for the first one's commit and then returns nothing. A claim whose order still waits after
 * {@code retry-after} is claimed again and its event written again under the same id, {@code <orderId>:expire} for an
 * open order and {@code <orderId>:deposit-expire} for a deposit deadline.
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.expiry.enabled", matchIfMissing = true)
public class ExpirySweeper implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Clock clock;
    private final ExpiryProperties settings;
    private final Counter requested;

    ExpirySweeper(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Outbox outbox,
            Clock clock,
            ExpiryProperties settings,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
        this.requested = Counter.builder("payments.expiry.requested")
                .description("Expiries requested: payment.order.expire events committed to the outbox")
                .register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(
                new FixedDelayTask(this::scheduledSweep, settings.sweepInterval(), settings.sweepInterval()));
    }

    void scheduledSweep() {
        try {
            int swept = sweepOnce();
            if (swept > 0) {
                log.info("Requested the expiry of {} orders", swept);
            }
        } catch (RuntimeException e) {
            log.warn("Expiry sweep failed, will retry: {}", e.toString());
        }
    }

    /**
     * One sweep: claims at most {@code batch-size} expired open orders and orders past their deposit deadline, and
     * writes their expiry to the outbox. Each expiry's time is the database's clock when it found the order expired, so
     * a consumer whose own clock lags still judges the order expired (the state machine counts an authenticated
     * expiry's time). The scheduler calls it every {@code sweep-interval}; anyone else may call it (a test, an
     * operator's tool), since a claim is what keeps sweeps from asking twice.
     */
    public int sweepOnce() {
        Instant now = clock.instant();
        Integer claimed = transactions.execute(status -> {
            List<Claim> claims = new ArrayList<>(claim(OPEN_ORDERS, settings.batchSize()));
            if (claims.size() < settings.batchSize()) {
                claims.addAll(claim(PAST_DEPOSIT_DEADLINE, settings.batchSize() - claims.size()));
            }
            outbox.write(
                    claims.stream()
                            .map(claim -> new OutgoingRecord.OrderEvent(CloudEvent.of(
                                    claim.eventId(),
                                    EventSources.WORKER,
                                    claim.foundExpiredAt(),
                                    new OrderExpire(claim.orderId()))))
                            .toList(),
                    now);
            forgetEndedOrders();
            return claims.size();
        });
        if (claimed != null && claimed > 0) {
            requested.increment(claimed);
            outbox.committed();
        }
        return claimed == null ? 0 : claimed;
    }

    /** An order this sweep claimed, the id of its expire event, and the database's time when it found it expired. */
    private record Claim(String orderId, String eventId, Instant foundExpiredAt) {}

    /** What a sweep looks for: the orders, past which of their times, and the id their expire event gets. */
    private record Expirable(String status, String pastColumn, Function<String, String> eventId) {}

    private static final Expirable OPEN_ORDERS =
            new Expirable("IN ('PREPAY', 'IN_PROGRESS')", "expires_at", EventIds::expire);

    /** Matches the partial index {@code orders_awaiting_deposit_idx} (va_due_date WHERE status = 'AWAITING_DEPOSIT'). */
    private static final Expirable PAST_DEPOSIT_DEADLINE =
            new Expirable("= 'AWAITING_DEPOSIT'", "va_due_date", EventIds::depositExpire);

    /**
     * Claims at most {@code limit} orders of {@code kind} past their time that have no recent claim; only rows this
     * statement inserted (or took over).
     */
    private List<Claim> claim(Expirable kind, int limit) {
        return jdbc.sql("""
                        INSERT INTO expiry_requests AS e (order_id, requested_at)
                        SELECT o.order_id, now()
                          FROM orders o
                         WHERE o.status %1$s
                           AND o.%2$s <= now() - :graceMillis * interval '1 millisecond'
                           AND NOT EXISTS (SELECT 1
                                             FROM expiry_requests r
                                            WHERE r.order_id = o.order_id
                                              AND r.requested_at >= now() - :retryMillis * interval '1 millisecond')
                         ORDER BY o.%2$s
                         LIMIT :limit
                        ON CONFLICT (order_id) DO UPDATE
                           SET requested_at = EXCLUDED.requested_at
                         WHERE e.requested_at < now() - :retryMillis * interval '1 millisecond'
                        RETURNING order_id, requested_at""".formatted(kind.status(), kind.pastColumn()))
                .param("graceMillis", settings.grace().toMillis())
                .param("retryMillis", settings.retryAfter().toMillis())
                .param("limit", limit)
                .query((rs, row) -> {
                    String orderId = rs.getString("order_id");
                    return new Claim(
                            orderId,
                            kind.eventId().apply(orderId),
                            rs.getObject("requested_at", OffsetDateTime.class).toInstant());
                })
                .list();
    }

    /**
     * Claims of orders that no longer wait are of no further use. An order awaiting a deposit keeps its claim: the
     * deadline's claim stays until the PG's answer ends the order, so the sweeper asks again only after retry-after.
     */
    private void forgetEndedOrders() {
        jdbc.sql("""
                        DELETE FROM expiry_requests
                         WHERE order_id IN (SELECT e.order_id
                                              FROM expiry_requests e
                                              JOIN orders o ON o.order_id = e.order_id
                                             WHERE o.status NOT IN ('PREPAY', 'IN_PROGRESS', 'AWAITING_DEPOSIT')
                                             LIMIT :limit)""").param("limit", settings.batchSize()).update();
    }
}
