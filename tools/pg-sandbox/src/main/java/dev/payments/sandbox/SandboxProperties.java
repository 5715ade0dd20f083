package dev.payments.sandbox;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sandbox's settings ({@code payments.sandbox.*}); every one is settable by its environment variable. The defaults
 * are declared here only (not in pg-sandbox.yml): the local stack's values, sandbox keys only.
 *
 * @param secretKey the only secret key accepted as Basic auth user name (default: the worker's local
 *     {@code payments.pg.secret-key})
 * @param clientKey the client key the payment window accepts (default: the edge's local {@code payments.pg.client-key};
 *     set blank: any)
 * @param mid the merchant id ({@code mId}) in Payment objects
 * @param publicUrl base of the receipt and checkout URLs in Payment objects
 * @param readyWindow how long an opened payment window (READY) stays valid
 * @param inProgressWindow how long an authenticated payment (IN_PROGRESS) waits for its confirm
 * @param expirySweepInterval how often the expiry sweep runs
 * @param minAmount smallest amount the payment window accepts (Toss: 100 won for cards)
 * @param amountMismatchCode the error code a confirm with a different amount gets (unconfirmed at Toss)
 * @param errorStatuses HTTP status per error code, overriding or adding to the built-in Toss table
 * @param idempotencyRetention how long a stored Idempotency-Key response is replayed (Toss: 15 days)
 * @param neverAnswerMaxHold upper bound for a NEVER_ANSWER confirm to be held
 * @param webhookUrl where webhooks are POSTed (blank: none)
 * @param webhookEvents the webhook events registered at that URL (default both): PAYMENT_STATUS_CHANGED for every
 *     announced status change, DEPOSIT_CALLBACK for a virtual account's; with both, a virtual account's change
 *     arrives twice, as at Toss
 * @param webhookSecret HMAC key of the webhook signature header, used only with {@code signWebhooks}
 * @param signWebhooks whether webhooks carry a {@code tosspayments-webhook-signature}: false by default, as Toss signs
 *     none of its payment webhooks; true imitates a PG that signs them (then {@code webhookSecret} is required)
 * @param webhookTimeScale factor on the webhook retry delays (0.001 turns one minute into 60 ms)
 * @param webhookTimeout how long the receiver has to answer one webhook attempt
 * @param webhookRetryDelays the delays before each retry (Toss: 1, 4, 16, 64, 256, 1024, 4096 minutes)
 * @param webhookThreads size of the pool that sends webhooks
 * @param webhookQueueCapacity bounded queue in front of that pool
 * @param faults fault injection, all off by default
 * @param virtualAccount virtual accounts (가상계좌)
 */
@ConfigurationProperties("payments.sandbox")
public record SandboxProperties(
        String secretKey,
        String clientKey,
        String mid,
        String publicUrl,
        Duration readyWindow,
        Duration inProgressWindow,
        Duration expirySweepInterval,
        Long minAmount,
        String amountMismatchCode,
        Map<String, Integer> errorStatuses,
        Duration idempotencyRetention,
        Duration neverAnswerMaxHold,
        String webhookUrl,
        Set<WebhookEvent> webhookEvents,
        String webhookSecret,
        Boolean signWebhooks,
        Double webhookTimeScale,
        Duration webhookTimeout,
        List<Duration> webhookRetryDelays,
        Integer webhookThreads,
        Integer webhookQueueCapacity,
        Faults faults,
        VirtualAccountSettings virtualAccount) {

    public SandboxProperties {
        secretKey = secretKey == null || secretKey.isBlank() ? "test_sk_local_sandbox" : secretKey;
        clientKey = clientKey == null ? "test_ck_local_sandbox" : clientKey;
        mid = mid == null || mid.isBlank() ? "tosspayments" : mid;
        publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8090" : stripSlash(publicUrl);
        readyWindow = positive(readyWindow, Duration.ofMinutes(30));
        inProgressWindow = positive(inProgressWindow, Duration.ofMinutes(10));
        expirySweepInterval = positive(expirySweepInterval, Duration.ofSeconds(1));
        minAmount = minAmount == null ? 100L : minAmount;
        amountMismatchCode =
                amountMismatchCode == null || amountMismatchCode.isBlank() ? "INVALID_REQUEST" : amountMismatchCode;
        errorStatuses = errorStatuses == null ? Map.of() : Map.copyOf(errorStatuses);
        idempotencyRetention = positive(idempotencyRetention, Duration.ofDays(15));
        neverAnswerMaxHold = positive(neverAnswerMaxHold, Duration.ofMinutes(10));
        webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
        webhookEvents = webhookEvents == null || webhookEvents.isEmpty()
                ? Set.copyOf(EnumSet.allOf(WebhookEvent.class))
                : Set.copyOf(webhookEvents);
        webhookSecret = webhookSecret == null ? "" : webhookSecret;
        signWebhooks = signWebhooks != null && signWebhooks;
        if (signWebhooks && webhookSecret.isBlank()) {
            throw new IllegalArgumentException(
                    "payments.sandbox.sign-webhooks=true needs payments.sandbox.webhook-secret to sign with");
        }
        webhookTimeScale = webhookTimeScale == null || webhookTimeScale < 0 ? 1.0 : webhookTimeScale;
        webhookTimeout = positive(webhookTimeout, Duration.ofSeconds(10));
        webhookRetryDelays = webhookRetryDelays == null || webhookRetryDelays.isEmpty()
                ? List.of(1, 4, 16, 64, 256, 1024, 4096).stream()
                        .map(Duration::ofMinutes)
                        .toList()
                : List.copyOf(webhookRetryDelays);
        webhookThreads = webhookThreads == null || webhookThreads < 1 ? 8 : webhookThreads;
        webhookQueueCapacity = webhookQueueCapacity == null || webhookQueueCapacity < 1 ? 10_000 : webhookQueueCapacity;
        faults = faults == null ? new Faults(null, null, null, null) : faults;
        virtualAccount = virtualAccount == null ? new VirtualAccountSettings(null, null) : virtualAccount;
    }

    /** The webhook events a merchant registers at Toss. */
    public enum WebhookEvent {
        PAYMENT_STATUS_CHANGED,
        DEPOSIT_CALLBACK
    }

    /**
     * Virtual accounts ({@code payments.sandbox.virtual-account.*}).
     *
     * @param validFor how long an issued account takes deposits: its {@code dueDate} is the confirm's time plus this
     *     (Toss: {@code validHours}, 168 by default); a session of the automation API can set its own
     * @param secretInLookups whether a look-up of a virtual-account payment shows its {@code secret}: false by
     *     default, since Toss is not known to (the confirm answer and the webhooks always carry it)
     */
    public record VirtualAccountSettings(Duration validFor, Boolean secretInLookups) {

        public VirtualAccountSettings {
            validFor = positive(validFor, Duration.ofHours(168));
            secretInLookups = secretInLookups != null && secretInLookups;
        }
    }

    /** The delay before retry {@code retry} (1-based), scaled by {@link #webhookTimeScale()}. */
    public Duration webhookRetryDelay(int retry) {
        long nanos = (long) (webhookRetryDelays.get(retry - 1).toNanos() * webhookTimeScale);
        return Duration.ofNanos(Math.max(0, nanos));
    }

    /** How many retries follow a failed first attempt. */
    public int webhookRetries() {
        return webhookRetryDelays.size();
    }

    /**
     * Fault injection on the Toss API ({@code /v1/**}) and on webhooks.
     *
     * @param latency added to every API call
     * @param latencyJitter a uniformly random extra latency between zero and this
     * @param errorRate fraction of API calls answered {@code 500 FAILED_INTERNAL_SYSTEM_PROCESSING} before anything
     *     else happens
     * @param webhookDropRate fraction of webhooks that are never sent
     */
    public record Faults(Duration latency, Duration latencyJitter, Double errorRate, Double webhookDropRate) {

        public Faults {
            latency = latency == null || latency.isNegative() ? Duration.ZERO : latency;
            latencyJitter = latencyJitter == null || latencyJitter.isNegative() ? Duration.ZERO : latencyJitter;
            errorRate = fraction(errorRate);
            webhookDropRate = fraction(webhookDropRate);
        }

        private static double fraction(Double value) {
            return value == null ? 0.0 : Math.min(1.0, Math.max(0.0, value));
        }
    }

    private static Duration positive(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        // never print the secret key or the webhook secret
        return "SandboxProperties[mid=" + mid + ", publicUrl=" + publicUrl + ", webhookUrl=" + webhookUrl + "]";
    }
}
