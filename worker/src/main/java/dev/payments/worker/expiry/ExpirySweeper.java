package dev.payments.worker.expiry;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.Topics;
import dev.payments.support.logging.OrderLogContext;
import dev.payments.worker.messaging.CloudEventWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Asks for open orders (PREPAY, IN_PROGRESS) past their {@code expiresAt} to be cancelled: one
 * {@code payment.order.expire} per order, on the order's key, so it is applied in order with everything else the
 * order receives and a result that arrived first wins (the state machine refuses an expiry for an order that is no
 * longer open). The sweeper never changes an order itself.
 *
 * <p>Several instances may sweep at once. Each order is claimed by inserting its row into {@code expiry_requests}
 * ({@code INSERT ... SELECT ... ON CONFLICT ... RETURNING}, one statement that commits before anything is published):
 * only the instance whose insert went in publishes; a concurrent insert of the same order waits for the first one's
 * commit and then returns nothing. If the broker does not acknowledge, the claim is deleted and a later sweep tries
 * again; if the instance dies between commit and publication, the claim is taken over once it is older than
 * {@code retry-after} and the order is still open. The event id {@code <orderId>:expire} is the same every time, so a
 * second publication is recognised by the consumer as the same event: harmless.
 */
@Component
@ConditionalOnBooleanProperty(name = "payments.expiry.enabled", matchIfMissing = true)
public class ExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventWriter writer;
    private final Clock clock;
    private final ExpiryProperties settings;
    private final Counter requested;
    private final Counter publishFailures;

    ExpirySweeper(
            DataSource dataSource,
            KafkaTemplate<String, byte[]> kafka,
            CloudEventWriter writer,
            Clock clock,
            ExpiryProperties settings,
            MeterRegistry meters) {
        this.jdbc = JdbcClient.create(dataSource);
        this.kafka = kafka;
        this.writer = writer;
        this.clock = clock;
        this.settings = settings;
        this.requested = Counter.builder("payments.expiry.requested")
                .description("Expiries requested: payment.order.expire events the broker acknowledged")
                .register(meters);
        this.publishFailures = Counter.builder("payments.expiry.publish_failures")
                .description("Expire events the broker did not acknowledge; retried by a later sweep")
                .register(meters);
    }

    static String eventId(String orderId) {
        return orderId + ":expire";
    }

    @Scheduled(
            fixedDelayString = "${payments.expiry.sweep-interval:5s}",
            initialDelayString = "${payments.expiry.sweep-interval:5s}")
    void scheduledSweep() {
        try {
            int published = sweepOnce();
            if (published > 0) {
                log.info("Requested the expiry of {} orders", published);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Expiry sweep failed, will retry: {}", e.toString());
        }
    }

    /** One sweep: claims at most {@code batch-size} expired open orders and publishes their expiry. */
    int sweepOnce() throws InterruptedException {
        List<Claim> claims = claim();
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(claims.size());
        for (Claim claim : claims) {
            sends.add(send(claim.orderId()));
        }
        long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
        int published = 0;
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                requested.increment();
                published++;
            } catch (ExecutionException | TimeoutException e) {
                publishFailures.increment();
                try (var logContext = OrderLogContext.order(claim.orderId())) {
                    log.warn("Could not publish the expiry of order {}; a later sweep retries: {}", claim.orderId(), e);
                    release(claim);
                }
            }
        }
        forgetEndedOrders();
        return published;
    }

    private CompletableFuture<SendResult<String, byte[]>> send(String orderId) {
        try {
            CloudEvent<OrderExpire> event =
                    CloudEvent.of(eventId(orderId), EventSources.WORKER, clock.instant(), new OrderExpire(orderId));
            return kafka.send(Topics.ORDER_EVENTS, orderId, writer.toBytes(event));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Claims expired open orders that have no recent claim; only rows this statement inserted (or took over). */
    private List<Claim> claim() {
        return jdbc.sql("""
                        INSERT INTO expiry_requests AS e (order_id, requested_at)
                        SELECT o.order_id, now()
                          FROM orders o
                         WHERE o.status IN ('PREPAY', 'IN_PROGRESS')
                           AND o.expires_at <= now() - :graceMillis * interval '1 millisecond'
                           AND NOT EXISTS (SELECT 1
                                             FROM expiry_requests r
                                            WHERE r.order_id = o.order_id
                                              AND r.requested_at >= now() - :retryMillis * interval '1 millisecond')
                         ORDER BY o.expires_at
                         LIMIT :limit
                        ON CONFLICT (order_id) DO UPDATE
                           SET requested_at = EXCLUDED.requested_at
                         WHERE e.requested_at < now() - :retryMillis * interval '1 millisecond'
                        RETURNING order_id, requested_at""")
                .param("graceMillis", settings.grace().toMillis())
                .param("retryMillis", settings.retryAfter().toMillis())
                .param("limit", settings.batchSize())
                .query((rs, row) ->
                        new Claim(rs.getString("order_id"), rs.getObject("requested_at", OffsetDateTime.class)))
                .list();
    }

    /** Gives up our claim (only ours: not one another instance has taken over since). */
    private void release(Claim claim) {
        try {
            jdbc.sql("DELETE FROM expiry_requests WHERE order_id = :orderId AND requested_at = :requestedAt")
                    .param("orderId", claim.orderId())
                    .param("requestedAt", claim.requestedAt())
                    .update();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not release the expiry claim of order {}; retried after {}",
                    claim.orderId(),
                    settings.retryAfter(),
                    e);
        }
    }

    /** Claims of orders that have ended are of no further use. */
    private void forgetEndedOrders() {
        jdbc.sql("""
                        DELETE FROM expiry_requests
                         WHERE order_id IN (SELECT e.order_id
                                              FROM expiry_requests e
                                              JOIN orders o ON o.order_id = e.order_id
                                             WHERE o.status NOT IN ('PREPAY', 'IN_PROGRESS')
                                             LIMIT :limit)""").param("limit", settings.batchSize()).update();
    }

    private record Claim(String orderId, OffsetDateTime requestedAt) {}
}
