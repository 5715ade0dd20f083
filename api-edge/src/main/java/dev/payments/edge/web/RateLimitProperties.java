package dev.payments.edge.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code payments.edge.rate-limit.*}: the per-client token buckets in front of the endpoints anyone can call without a
 * key (the PG's webhooks and browser redirects, the buyer's checkout). The defaults, declared here, are sized for one
 * merchant's traffic; the edge's README ("Rate limits") says why the client is the connection's address.
 *
 * @param enabled whether requests are counted and refused at all
 * @param trustedProxies addresses or CIDR ranges of the edge's own reverse proxies / load balancers. Only when the
 *     connection comes from one of them is the client taken from {@code X-Forwarded-For} (the right-most address that
 *     is not itself a trusted proxy). Empty (the default): the connection's address, and the header is ignored, so
 *     that nobody can pick their own bucket by writing the header.
 * @param maxClients how many clients' buckets are held at most; the least recently used go first
 * @param idleExpiry a bucket unused this long is dropped (it would have refilled anyway)
 * @param webhooks {@code POST /pg/webhooks}: by default 500 at once and 100 per second, because the PG sends every
 *     webhook of the merchant from a few addresses
 * @param redirects {@code GET /pg/success} and {@code GET /pg/fail}: by default 200 at once and 50 per second, generous
 *     because buyers behind one NAT share an address
 * @param checkout {@code POST /api/v1/orders/{orderId}/checkout}: by default as {@code redirects}
 */
@Validated
@ConfigurationProperties("payments.edge.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue List<String> trustedProxies,
        @Positive @DefaultValue("100000") long maxClients,
        @NotNull @DefaultValue("10m") Duration idleExpiry,
        @Valid Group webhooks,
        @Valid Group redirects,
        @Valid Group checkout) {

    public RateLimitProperties {
        webhooks = Group.orDefaults(webhooks, 500, 100);
        redirects = Group.orDefaults(redirects, 200, 50);
        checkout = Group.orDefaults(checkout, 200, 50);
    }

    /**
     * One token bucket per client and group; a value left unset takes its group's default.
     *
     * @param capacity the burst a client may send at once
     * @param refillPerSecond the sustained rate a client may keep up
     */
    public record Group(@Positive Long capacity, @Positive Long refillPerSecond) {

        static Group orDefaults(@Nullable Group set, long capacity, long refillPerSecond) {
            return new Group(
                    set == null || set.capacity == null ? capacity : set.capacity,
                    set == null || set.refillPerSecond == null ? refillPerSecond : set.refillPerSecond);
        }
    }
}
