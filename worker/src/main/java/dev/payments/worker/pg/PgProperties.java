package dev.payments.worker.pg;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PG (Toss Payments API) and how the worker confirms with it. Every value has a safe local default.
 *
 * @param baseUrl PG API base, e.g. {@code https://api.tosspayments.com} or a local sandbox
 * @param secretKey secret key, the Basic auth user name (never logged)
 * @param clientKey client key handed to the buyer's page
 * @param webhookSecret HMAC key for webhook signatures; empty: webhooks are verified by look-up (never logged)
 * @param connectTimeout TCP connect timeout of PG calls
 * @param readTimeout how long a PG call may wait for its answer
 * @param confirm the confirm dispatcher
 * @param statusCheck the status-check dispatcher (look-ups of payments for webhooks and reconciliation)
 */
@ConfigurationProperties("payments.pg")
public record PgProperties(
        @DefaultValue("http://localhost:8090") String baseUrl,
        @DefaultValue("test_sk_local_sandbox") String secretKey,
        @DefaultValue("test_ck_local_sandbox") String clientKey,
        @DefaultValue("") String webhookSecret,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue Confirm confirm,
        @DefaultValue StatusCheck statusCheck) {

    public PgProperties {
        requireText(baseUrl, "payments.pg.base-url");
        requireText(secretKey, "payments.pg.secret-key");
        requirePositive(connectTimeout, "payments.pg.connect-timeout");
        requirePositive(readTimeout, "payments.pg.read-timeout");
    }

    /**
     * The confirm dispatcher.
     *
     * @param enabled whether this instance works off confirm jobs (jobs are recorded either way)
     * @param maxConcurrency confirm jobs in flight at once on this instance
     * @param pollInterval how often due jobs are looked for (a new job also wakes the dispatcher at once)
     * @param lease how long a claimed job is reserved for its instance; after that another instance may retry it
     * @param initialBackoff delay before the first retry of a transient failure; doubles per attempt, with jitter
     * @param maxBackoff the longest retry delay
     * @param lookupAfterAttempts transient attempts after which the payment is also looked up by orderId
     * @param window the PG's confirm window after authentication (Toss: 10 minutes); jobs older than this are overdue
     * @param publishTimeout how long to wait for the broker's ack of a confirmation event
     * @param shutdownGrace how long shutdown waits for confirms in flight before interrupting them
     */
    public record Confirm(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("32") int maxConcurrency,
            @DefaultValue("200ms") Duration pollInterval,
            @DefaultValue("60s") Duration lease,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("30s") Duration maxBackoff,
            @DefaultValue("3") int lookupAfterAttempts,
            @DefaultValue("10m") Duration window,
            @DefaultValue("30s") Duration publishTimeout,
            @DefaultValue("10s") Duration shutdownGrace) {

        public Confirm {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("payments.pg.confirm.max-concurrency must be at least 1");
            }
            if (lookupAfterAttempts < 1) {
                throw new IllegalArgumentException("payments.pg.confirm.lookup-after-attempts must be at least 1");
            }
            requirePositive(pollInterval, "payments.pg.confirm.poll-interval");
            requirePositive(lease, "payments.pg.confirm.lease");
            requirePositive(initialBackoff, "payments.pg.confirm.initial-backoff");
            requirePositive(maxBackoff, "payments.pg.confirm.max-backoff");
            requirePositive(window, "payments.pg.confirm.window");
            requirePositive(publishTimeout, "payments.pg.confirm.publish-timeout");
            if (shutdownGrace == null || shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("payments.pg.confirm.shutdown-grace must not be negative");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException(
                        "payments.pg.confirm.max-backoff must not be shorter than initial-backoff");
            }
        }
    }

    /**
     * The status-check dispatcher: reads payments from the PG API ({@code payments.pg.status-check.*}) and publishes
     * what the PG says as {@code payment.pg.status} events.
     *
     * @param enabled whether this instance works off status checks (checks are recorded either way)
     * @param maxConcurrency look-ups in flight at once on this instance
     * @param pollInterval how often due checks are looked for (a new check also wakes the dispatcher at once)
     * @param lease how long a claimed check is reserved for its instance; after that another instance may retry it
     * @param initialBackoff delay before the first retry of a transient failure; doubles per attempt, with jitter
     * @param maxBackoff the longest retry delay
     * @param publishTimeout how long to wait for the broker's ack of a status event
     * @param shutdownGrace how long shutdown waits for look-ups in flight before interrupting them
     */
    public record StatusCheck(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("8") int maxConcurrency,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("60s") Duration lease,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("60s") Duration maxBackoff,
            @DefaultValue("30s") Duration publishTimeout,
            @DefaultValue("10s") Duration shutdownGrace) {

        public StatusCheck {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("payments.pg.status-check.max-concurrency must be at least 1");
            }
            requirePositive(pollInterval, "payments.pg.status-check.poll-interval");
            requirePositive(lease, "payments.pg.status-check.lease");
            requirePositive(initialBackoff, "payments.pg.status-check.initial-backoff");
            requirePositive(maxBackoff, "payments.pg.status-check.max-backoff");
            requirePositive(publishTimeout, "payments.pg.status-check.publish-timeout");
            if (shutdownGrace == null || shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("payments.pg.status-check.shutdown-grace must not be negative");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException(
                        "payments.pg.status-check.max-backoff must not be shorter than initial-backoff");
            }
        }
    }

    /** Secrets masked: this record may end up in logs (binding failures, actuator, debugging). */
    @Override
    public String toString() {
        return "PgProperties[baseUrl=" + baseUrl + ", secretKey=" + mask(secretKey) + ", clientKey=" + clientKey
                + ", webhookSecret=" + mask(webhookSecret) + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", confirm=" + confirm + ", statusCheck=" + statusCheck + "]";
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(empty)" : "******";
    }

    private static void requireText(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String property) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be a positive duration");
        }
    }
}
