package dev.payments.edge.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code payments.edge.rate-limit.*}: the per-client token buckets in front of the endpoints anyone can call without a
 * key (the PG's webhooks and browser redirects, the buyer's checkout). The defaults in {@code api-edge.yml} are sized
 * for one merchant's traffic; see README ("Rate limits") for why the client is the connection's address.
 *
 * @param enabled whether requests are counted and refused at all
 * @param trustedProxies addresses or CIDR ranges of the edge's own reverse proxies / load balancers. Only when the
 *     connection comes from one of them is the client taken from {@code X-Forwarded-For} (the right-most address that
 *     is not itself a trusted proxy). Empty (the default): the connection's address, and the header is ignored, so
 *     that nobody can pick their own bucket by writing the header.
 * @param maxClients how many clients' buckets are held at most; the least recently used go first
 * @param idleExpiry a bucket unused this long is dropped (it would have refilled anyway)
 * @param webhooks {@code POST /pg/webhooks}
 * @param redirects {@code GET /pg/success} and {@code GET /pg/fail}
 * @param checkout {@code POST /api/v1/orders/{orderId}/checkout}
 */
@Validated
@ConfigurationProperties("payments.edge.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue List<String> trustedProxies,
        @Positive @DefaultValue("100000") long maxClients,
        @NotNull @DefaultValue("10m") Duration idleExpiry,
        @Valid @NotNull @DefaultValue Group webhooks,
        @Valid @NotNull @DefaultValue Group redirects,
        @Valid @NotNull @DefaultValue Group checkout) {

    /**
     * One token bucket per client and group.
     *
     * @param capacity the burst a client may send at once
     * @param refillPerSecond the sustained rate a client may keep up
     */
    public record Group(
            @Positive @DefaultValue("60") long capacity,
            @Positive @DefaultValue("10") long refillPerSecond) {}
}
