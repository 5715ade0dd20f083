package dev.payments.edge;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code payments.*} properties the edge uses (docs/contract.md §6). Unknown keys (the worker's) are ignored.
 *
 * @param merchantApiKey the Bearer key of the merchant endpoints (secret)
 * @param tokenSecret the key CSRF tokens and generated orderIds are derived from (secret)
 * @param orderTtl how long an issued order may be paid
 */
@Validated
@ConfigurationProperties("payments")
public record EdgeProperties(
        @NotBlank String merchantApiKey,
        @NotBlank String tokenSecret,
        @NotNull @DefaultValue("30m") Duration orderTtl,
        @Valid @NotNull @DefaultValue Edge edge,
        @Valid @NotNull @DefaultValue Pg pg) {

    /**
     * @param publicUrl the base of the successUrl/failUrl handed to the PG, as buyers' browsers reach the edge
     * @param maxRequestBody larger request bodies are refused with 413
     * @param sendTimeout how long a request waits for Kafka's acknowledgement before it is answered with 503
     * @param retryAfter what a 503 answer advises in its {@code Retry-After} header
     * @param shopUrl where the result page's "back to the shop" link leads (an absolute {@code http} or {@code https}
     *     URL); unset or empty, the page shows no such link
     */
    public record Edge(
            @NotNull @DefaultValue("http://localhost:8080") URI publicUrl,
            @NotNull @DefaultValue("16KB") DataSize maxRequestBody,
            @NotNull @DefaultValue("5s") Duration sendTimeout,
            @NotNull @DefaultValue("5s") Duration retryAfter,
            @Nullable URI shopUrl) {

        public Edge {
            if (shopUrl != null && shopUrl.toString().isEmpty()) {
                shopUrl = null;
            }
            // a buyer follows it: nothing but a web page of the shop's (never javascript: or data:)
            if (shopUrl != null
                    && (shopUrl.getHost() == null
                            || !("https".equalsIgnoreCase(shopUrl.getScheme())
                                    || "http".equalsIgnoreCase(shopUrl.getScheme())))) {
                throw new IllegalArgumentException(
                        "payments.edge.shop-url must be an absolute http or https URL with a host");
            }
        }
    }

    /**
     * @param clientKey the PG client key for the buyer's page; public by design
     * @param webhookSecret HMAC key of the PG's webhook signatures (secret), for a PG that signs its webhooks; Toss
     *     signs none of its payment webhooks. Whatever it is, a webhook without a signature is accepted, and every
     *     webhook is published as a hint ({@code verification: NONE}) that the worker checks by reading the payment
     *     from the PG. Set, it only refuses (401) a webhook that carries a {@code tosspayments-webhook-signature}
     *     that does not verify, or whose {@code tosspayments-webhook-transmission-time} is outside
     *     {@code webhookTolerance}. Empty (the default): a signature header is ignored
     * @param webhookTolerance how far a signed webhook's transmission time may be from the edge's clock, either way;
     *     an older signed webhook (a captured one, replayed) is refused
     */
    public record Pg(
            @NotBlank @DefaultValue("test_ck_local_sandbox") String clientKey,
            @DefaultValue("") String webhookSecret,
            @NotNull @DefaultValue("5m") Duration webhookTolerance) {

        public Pg {
            webhookSecret = webhookSecret == null ? "" : webhookSecret;
        }

        /** Never prints the webhook secret, only whether one is set. */
        @Override
        public String toString() {
            return "Pg[clientKey=" + clientKey + ", webhookSecret=" + (webhookSecret.isEmpty() ? "(empty)" : "******")
                    + ", webhookTolerance=" + webhookTolerance + "]";
        }
    }

    /** Never prints the secrets, so that a logged or failed binding cannot leak them. */
    @Override
    public String toString() {
        return "EdgeProperties[merchantApiKey=******, tokenSecret=******, orderTtl=" + orderTtl + ", edge=" + edge
                + ", pg=" + pg + "]";
    }
}
