package dev.payments.edge.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A per-client token bucket in front of the endpoints anyone may call without a key: the PG's webhooks and browser
 * redirects and the buyer's checkout. A client that has used up its bucket is answered 429 with {@code Retry-After}
 * before anything else happens (no body is read, nothing is written to Kafka), so a flood of forged callbacks from one
 * client costs the edge almost nothing and leaves every other client's bucket, the PG's included, untouched.
 *
 * <p>The buckets live in a size-bounded cache that forgets idle clients, so clients that keep changing their address
 * cannot make it grow without end; a forgotten client simply starts again with a full bucket.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RateLimitFilter extends OncePerRequestFilter {

    /** The endpoint groups that have their own buckets. */
    enum Group {
        WEBHOOKS,
        REDIRECTS,
        CHECKOUT
    }

    private static final Pattern CHECKOUT_PATH = Pattern.compile("^/api/v1/orders/[^/]+/checkout$");

    private final boolean enabled;
    private final ClientAddress clients;
    private final Map<Group, RateLimitProperties.Group> limits = new EnumMap<>(Group.class);
    private final Cache<String, Bucket> buckets;
    private final Map<Group, Counter> refused = new EnumMap<>(Group.class);
    private final ProblemWriter problems;

    RateLimitFilter(RateLimitProperties properties, ProblemWriter problems, MeterRegistry meters) {
        this.enabled = properties.enabled();
        this.clients = new ClientAddress(properties.trustedProxies());
        this.problems = problems;
        limits.put(Group.WEBHOOKS, properties.webhooks());
        limits.put(Group.REDIRECTS, properties.redirects());
        limits.put(Group.CHECKOUT, properties.checkout());
        this.buckets = Caffeine.newBuilder()
                .maximumSize(properties.maxClients())
                .expireAfterAccess(properties.idleExpiry())
                .build();
        for (Group group : Group.values()) {
            refused.put(
                    group,
                    Counter.builder("payments.edge.rate_limited")
                            .description("requests refused with 429 because their client used up its bucket")
                            .tag("group", group.name().toLowerCase())
                            .register(meters));
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !enabled || group(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Group group = group(request);
        if (group == null) {
            chain.doFilter(request, response);
            return;
        }
        String client = clients.of(request);
        Bucket bucket = buckets.get(group + " " + client, key -> newBucket(limits.get(group)));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        refused.get(group).increment();
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.write(
                request,
                response,
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many requests from this client; nothing was accepted. Retry after " + retryAfter + " s.");
    }

    /** The group of the request's path (as the container decoded and normalised it), or null when not limited. */
    static @Nullable Group group(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return switch (path) {
            case "/pg/webhooks" -> Group.WEBHOOKS;
            case "/pg/success", "/pg/fail" -> Group.REDIRECTS;
            default -> CHECKOUT_PATH.matcher(path).matches() ? Group.CHECKOUT : null;
        };
    }

    private static Bucket newBucket(RateLimitProperties.Group limit) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth
                        .capacity(limit.capacity())
                        .refillGreedy(limit.refillPerSecond(), Duration.ofSeconds(1)))
                .build();
    }
}
