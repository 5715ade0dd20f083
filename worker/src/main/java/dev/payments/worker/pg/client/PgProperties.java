package dev.payments.worker.pg.client;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PG (Toss Payments API) and how the worker confirms with it and reads payments from it. Every value but the secret
 * key has a safe local default, declared here and nowhere else; the secret key has none (the {@code local} profile's is
 * in worker-local.yml). The worker holds only the secret key it calls the PG with: the client key and the webhook
 * secret are the edge's.
 *
 * @param baseUrl PG API base, e.g. {@code https://api.tosspayments.com} or a local sandbox
 * @param secretKey secret key, the Basic auth user name (never logged)
 * @param connectTimeout TCP connect timeout of PG calls
 * @param readTimeout how long a PG call may wait for its answer
 * @param confirm the confirm dispatcher
 * @param statusCheck the status-check dispatcher (look-ups of payments for webhooks and reconciliation)
 * @param refund the refund dispatcher (cancels at the PG)
 * @param depositCancel the deposit-cancel dispatcher (cancels at the PG of virtual accounts past their deadline)
 */
@ConfigurationProperties("payments.pg")
public record PgProperties(
        @DefaultValue("http://localhost:8090") String baseUrl,
        String secretKey,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue Confirm confirm,
        @DefaultValue StatusCheck statusCheck,
        @DefaultValue Refund refund,
        @DefaultValue DepositCancel depositCancel) {

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
     * @param window the PG's confirm window after authentication (Toss: 10 minutes); a job older than this is no longer
     *     confirmed: one last look-up by orderId decides it, or it is left for review
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
            @DefaultValue("10s") Duration shutdownGrace) {

        public Confirm {
            requireJobSettings(
                    "payments.pg.confirm",
                    maxConcurrency,
                    pollInterval,
                    lease,
                    initialBackoff,
                    maxBackoff,
                    shutdownGrace);
            if (lookupAfterAttempts < 1) {
                throw new IllegalArgumentException("payments.pg.confirm.lookup-after-attempts must be at least 1");
            }
            requirePositive(window, "payments.pg.confirm.window");
        }
    }

    /**
     * The status-check dispatcher: reads payments from the PG API ({@code payments.pg.status-check.*}) and feeds what
     * the PG says back to the order as {@code payment.pg.status} events.
     *
     * @param enabled whether this instance works off status checks (checks are recorded either way)
     * @param maxConcurrency look-ups in flight at once on this instance
     * @param pollInterval how often due checks are looked for (a new check also wakes the dispatcher at once)
     * @param lease how long a claimed check is reserved for its instance; after that another instance may retry it
     * @param initialBackoff delay before the first retry of a transient failure; doubles per attempt, with jitter
     * @param maxBackoff the longest retry delay
     * @param shutdownGrace how long shutdown waits for look-ups in flight before interrupting them
     */
    public record StatusCheck(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("8") int maxConcurrency,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("60s") Duration lease,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("60s") Duration maxBackoff,
            @DefaultValue("10s") Duration shutdownGrace) {

        public StatusCheck {
            requireJobSettings(
                    "payments.pg.status-check",
                    maxConcurrency,
                    pollInterval,
                    lease,
                    initialBackoff,
                    maxBackoff,
                    shutdownGrace);
        }
    }

    /**
     * The refund dispatcher: makes the cancel of each requested refund at the PG ({@code payments.pg.refund.*}) and
     * feeds the PG's answer back to the order as a {@code payment.pg.refund} event.
     *
     * @param enabled whether this instance works off refund jobs (jobs are recorded either way)
     * @param maxConcurrency cancels in flight at once on this instance
     * @param pollInterval how often due jobs are looked for (a new job also wakes the dispatcher at once)
     * @param lease how long a claimed job is reserved for its instance; after that another instance may retry it, under
     *     the same Idempotency-Key. An attempt may take a cancel and a look-up, each up to the read timeout
     * @param initialBackoff delay before the first retry; doubles per attempt, with jitter
     * @param maxBackoff the longest retry delay (the PG's own "come back later" may ask for longer)
     * @param lookupAfterAttempts attempts after which an unknown cancel outcome is settled by looking the payment up (1:
     *     at the first one)
     * @param shutdownGrace how long shutdown waits for cancels in flight before interrupting them
     * @param keySettleTime how long after an attempt whose outcome stayed unknown (a timeout) its Idempotency-Key is
     *     kept, whatever later answers say: the PG may still be running that request. Longer than the PG takes to
     *     finish any request
     */
    public record Refund(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("8") int maxConcurrency,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("90s") Duration lease,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("60s") Duration maxBackoff,
            @DefaultValue("1") int lookupAfterAttempts,
            @DefaultValue("10s") Duration shutdownGrace,
            @DefaultValue("60s") Duration keySettleTime) {

        public Refund {
            requireJobSettings(
                    "payments.pg.refund",
                    maxConcurrency,
                    pollInterval,
                    lease,
                    initialBackoff,
                    maxBackoff,
                    shutdownGrace);
            if (lookupAfterAttempts < 1) {
                throw new IllegalArgumentException("payments.pg.refund.lookup-after-attempts must be at least 1");
            }
            if (keySettleTime.isNegative()) {
                throw new IllegalArgumentException("payments.pg.refund.key-settle-time must not be negative");
            }
        }
    }

    /**
     * The deposit-cancel dispatcher: cancels at the PG ({@code payments.pg.deposit-cancel.*}) the virtual accounts
     * whose deposit deadline passed unpaid, and feeds what the PG then says back to the order as a verified
     * {@code payment.pg.status} event.
     *
     * @param enabled whether this instance works off deposit-cancel jobs (jobs are recorded either way)
     * @param maxConcurrency jobs in flight at once on this instance
     * @param pollInterval how often due jobs are looked for (a new job also wakes the dispatcher at once)
     * @param lease how long a claimed job is reserved for its instance; after that another instance may retry it. An
     *     attempt may take a look-up, a cancel and a second look-up, each up to the read timeout
     * @param initialBackoff delay before the first retry; doubles per attempt, with jitter
     * @param maxBackoff the longest retry delay (the PG's own "come back later" may ask for longer)
     * @param reviewAfter cancels the PG may refuse while it still says the payment waits for its deposit; the job then
     *     goes to review (an ERROR line and {@code payments.pg.deposit-cancel.outcomes{outcome="review"}})
     * @param shutdownGrace how long shutdown waits for jobs in flight before interrupting them
     */
    public record DepositCancel(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("4") int maxConcurrency,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("120s") Duration lease,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("60s") Duration maxBackoff,
            @DefaultValue("5") int reviewAfter,
            @DefaultValue("10s") Duration shutdownGrace) {

        public DepositCancel {
            requireJobSettings(
                    "payments.pg.deposit-cancel",
                    maxConcurrency,
                    pollInterval,
                    lease,
                    initialBackoff,
                    maxBackoff,
                    shutdownGrace);
            if (reviewAfter < 1) {
                throw new IllegalArgumentException("payments.pg.deposit-cancel.review-after must be at least 1");
            }
        }
    }

    /** The secret key masked: this record may end up in logs (binding failures, actuator, debugging). */
    @Override
    public String toString() {
        return "PgProperties[baseUrl=" + baseUrl + ", secretKey=******, connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", confirm=" + confirm + ", statusCheck=" + statusCheck + ", refund="
                + refund + ", depositCancel=" + depositCancel + "]";
    }

    /** What every dispatcher's settings must satisfy; {@code prefix} names them in the message. */
    private static void requireJobSettings(
            String prefix,
            int maxConcurrency,
            Duration pollInterval,
            Duration lease,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration shutdownGrace) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException(prefix + ".max-concurrency must be at least 1");
        }
        requirePositive(pollInterval, prefix + ".poll-interval");
        requirePositive(lease, prefix + ".lease");
        requirePositive(initialBackoff, prefix + ".initial-backoff");
        requirePositive(maxBackoff, prefix + ".max-backoff");
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException(prefix + ".shutdown-grace must not be negative");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(prefix + ".max-backoff must not be shorter than initial-backoff");
        }
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
