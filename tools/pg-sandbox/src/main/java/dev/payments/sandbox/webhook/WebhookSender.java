package dev.payments.sandbox.webhook;

import dev.payments.sandbox.SandboxProperties;
import dev.payments.sandbox.payment.Ledger;
import dev.payments.sandbox.payment.Method;
import dev.payments.sandbox.payment.Payment;
import dev.payments.sandbox.payment.PaymentStatusListener;
import dev.payments.sandbox.payment.TossTime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the registered webhooks ({@code payments.sandbox.webhook-events}) to {@code payments.sandbox.webhook-url}:
 * {@code PAYMENT_STATUS_CHANGED} with the Payment for every announced change, and for a virtual account's change also
 * Toss's flat {@code DEPOSIT_CALLBACK} ({@code createdAt, secret, status, transactionKey, orderId}; no eventType, no
 * paymentKey). Never from the request thread, from a fixed pool behind a bounded queue. An attempt that is not answered 2xx within the timeout is retried on Toss's
 * schedule (1, 4, 16, 64, 256, 1024, 4096 minutes, times {@code webhook-time-scale}) with the same transmission id
 * and an increasing retried-count. Unsigned, as Toss sends payment webhooks, unless {@code sign-webhooks} is on.
 * Neither the webhook secret nor the signature is logged.
 */
@Component
public class WebhookSender implements PaymentStatusListener, DisposableBean {

    static final String TRANSMISSION_ID = "tosspayments-webhook-transmission-id";
    static final String TRANSMISSION_TIME = "tosspayments-webhook-transmission-time";
    static final String RETRIED_COUNT = "tosspayments-webhook-transmission-retried-count";
    static final String SIGNATURE = "tosspayments-webhook-signature";

    /** {@link #dropWebhooks(String, long)}'s count for every later webhook of a payment. */
    public static final long DROP_ALL = -1;

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    /** The statuses a virtual account's DEPOSIT_CALLBACK carries. */
    private static final Set<Payment.Status> DEPOSIT_STATUSES = Set.of(
            Payment.Status.WAITING_FOR_DEPOSIT,
            Payment.Status.DONE,
            Payment.Status.CANCELED,
            Payment.Status.PARTIAL_CANCELED);

    private final SandboxProperties properties;
    private final Ledger ledger;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    /** Bumped by a reset: webhooks of an older generation are not sent or retried any more. */
    private final AtomicLong generation = new AtomicLong();
    /** Per paymentKey: how many of its next webhooks are dropped ({@link #DROP_ALL}: every one). */
    private final ConcurrentHashMap<String, Long> dropping = new ConcurrentHashMap<>();

    private record Delivery(String orderId, String transmissionId, byte[] body, int retried, long generation) {}

    public WebhookSender(SandboxProperties properties, Ledger ledger, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.ledger = ledger;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        int threads = properties.webhookThreads();
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.webhookQueueCapacity()),
                Thread.ofPlatform().name("webhook-", 0).daemon().factory());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("webhook-retry").daemon().factory());
    }

    @Override
    public void statusChanged(String orderId, Payment.StatusChanged change, Map<String, Object> payment) {
        if (properties.webhookUrl().isEmpty()) {
            return;
        }
        String paymentKey = (String) payment.get("paymentKey");
        if (properties.webhookEvents().contains(SandboxProperties.WebhookEvent.DEPOSIT_CALLBACK)
                && Method.VIRTUAL_ACCOUNT.korean().equals(payment.get("method"))
                && DEPOSIT_STATUSES.contains(change.to())) {
            Map<String, Object> callback = new LinkedHashMap<>();
            callback.put("createdAt", TossTime.webhookCreatedAt(clock.instant()));
            callback.put("secret", payment.get("secret"));
            callback.put("status", change.to().name());
            callback.put("transactionKey", payment.get("lastTransactionKey"));
            callback.put("orderId", orderId);
            if (queue(orderId, paymentKey, change, "DEPOSIT_CALLBACK", callback)) {
                ledger.depositCallbackQueued(orderId);
            }
        }
        if (properties.webhookEvents().contains(SandboxProperties.WebhookEvent.PAYMENT_STATUS_CHANGED)) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventType", "PAYMENT_STATUS_CHANGED");
            event.put("createdAt", TossTime.webhookCreatedAt(clock.instant()));
            event.put("data", payment);
            queue(orderId, paymentKey, change, "PAYMENT_STATUS_CHANGED", event);
        }
    }

    /**
     * Drops the next {@code count} webhooks of the payment, of every type ({@link #DROP_ALL}: every later one; 0: none
     * from now on), as if they were lost on the way.
     */
    public void dropWebhooks(String paymentKey, long count) {
        if (count == 0) {
            dropping.remove(paymentKey);
        } else {
            dropping.put(paymentKey, count);
        }
    }

    /** Takes one of the payment's dropped webhooks, if any are left. */
    private boolean takeDrop(String paymentKey) {
        boolean[] taken = {false};
        dropping.computeIfPresent(paymentKey, (key, left) -> {
            taken[0] = true;
            return left == DROP_ALL ? left : (left > 1 ? Long.valueOf(left - 1) : null);
        });
        return taken[0];
    }

    /**
     * Queues one webhook (its own transmission id) unless the payment's webhooks are being dropped or fault injection
     * drops it; false when dropped.
     */
    private boolean queue(
            String orderId, String paymentKey, Payment.StatusChanged change, String type, Map<String, Object> body) {
        if (paymentKey != null && takeDrop(paymentKey)) {
            ledger.webhookDropped(orderId);
            log.info(
                    "{} webhook for order {} ({} -> {}) dropped on request", type, orderId, change.from(), change.to());
            return false;
        }
        double dropRate = properties.faults().webhookDropRate();
        if (dropRate > 0 && ThreadLocalRandom.current().nextDouble() < dropRate) {
            ledger.webhookDropped(orderId);
            log.info(
                    "{} webhook for order {} ({} -> {}) dropped by fault injection",
                    type,
                    orderId,
                    change.from(),
                    change.to());
            return false;
        }
        Delivery delivery =
                new Delivery(orderId, UUID.randomUUID().toString(), json.writeValueAsBytes(body), 0, generation.get());
        ledger.webhookQueued(orderId);
        submit(delivery);
        return true;
    }

    /** Forgets every pending webhook and retry, and which payments' webhooks are dropped (tests). */
    public void reset() {
        generation.incrementAndGet();
        dropping.clear();
        pool.getQueue().clear();
    }

    private void submit(Delivery delivery) {
        try {
            pool.execute(() -> attempt(delivery));
        } catch (RejectedExecutionException e) {
            if (pool.isShutdown()) {
                return;
            }
            // the queue is full: try again a little later rather than lose the webhook
            log.warn("Webhook queue full; webhook for order {} postponed", delivery.orderId());
            schedule(delivery, Duration.ofSeconds(1));
        }
    }

    private void attempt(Delivery delivery) {
        if (delivery.generation() != generation.get()) {
            return;
        }
        ledger.webhookAttempted(delivery.orderId());
        String time = TossTime.transmissionTime(clock.instant());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.webhookUrl()))
                .timeout(properties.webhookTimeout())
                .header("Content-Type", "application/json")
                .header(TRANSMISSION_ID, delivery.transmissionId())
                .header(TRANSMISSION_TIME, time)
                .header(RETRIED_COUNT, Integer.toString(delivery.retried()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        if (properties.signWebhooks()) {
            request.header(SIGNATURE, "v1:" + signature(properties.webhookSecret(), delivery.body(), time));
        }
        String outcome;
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 200 && response.statusCode() < 300) {
                ledger.webhookDelivered(delivery.orderId());
                log.debug("Webhook for order {} delivered (retried {})", delivery.orderId(), delivery.retried());
                return;
            }
            outcome = "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            outcome = e.getClass().getSimpleName();
        }
        int nextRetry = delivery.retried() + 1;
        if (nextRetry > properties.webhookRetries()) {
            log.warn(
                    "Webhook for order {} given up after {} retries (last: {})",
                    delivery.orderId(),
                    delivery.retried(),
                    outcome);
            return;
        }
        Duration delay = properties.webhookRetryDelay(nextRetry);
        log.info("Webhook for order {} failed ({}); retry {} in {}", delivery.orderId(), outcome, nextRetry, delay);
        schedule(
                new Delivery(
                        delivery.orderId(),
                        delivery.transmissionId(),
                        delivery.body(),
                        nextRetry,
                        delivery.generation()),
                delay);
    }

    private void schedule(Delivery delivery, Duration delay) {
        try {
            timer.schedule(() -> submit(delivery), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Base64 HMAC-SHA256 over {@code body + ":" + transmissionTime}. */
    static String signature(String secret, byte[] body, String transmissionTime) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(body);
            mac.update((":" + transmissionTime).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        pool.shutdownNow();
        http.shutdownNow();
    }
}
