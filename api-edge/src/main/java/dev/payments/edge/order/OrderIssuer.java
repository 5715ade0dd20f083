package dev.payments.edge.order;

import dev.payments.edge.config.EdgeProperties;
import dev.payments.edge.messaging.EventPublisher;
import dev.payments.edge.web.RequestValidationException;
import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.OrderIssued;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/** Turns validated shop and buyer requests into events. It decides nothing about state: the worker does. */
@Service
class OrderIssuer {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final OrderTokens tokens;
    private final EventPublisher publisher;
    private final Clock clock;
    private final EdgeProperties properties;

    OrderIssuer(OrderTokens tokens, EventPublisher publisher, Clock clock, EdgeProperties properties) {
        this.tokens = tokens;
        this.publisher = publisher;
        this.clock = clock;
        this.properties = properties;
    }

    /** Publishes {@code payment.order.issued}; returns once Kafka holds it. */
    IssuedOrder issue(IssueOrderRequest request, @Nullable String idempotencyKey) {
        String orderId = orderIdFor(request, idempotencyKey);
        String token = tokens.tokenFor(orderId);
        Instant expiresAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(properties.orderTtl());
        var issued = new OrderIssued(
                orderId,
                request.amount(),
                request.currencyOrDefault(),
                request.orderName(),
                OrderTokens.hash(token),
                expiresAt,
                request.customerName(),
                request.customerEmail());
        publisher.publish(issued);
        return new IssuedOrder(
                orderId,
                "PREPAY",
                issued.amount(),
                issued.currency(),
                issued.orderName(),
                token,
                expiresAt,
                new IssuedOrder.Pg(
                        properties.pg().clientKey(),
                        pgUrl("/pg/success", orderId, token),
                        pgUrl("/pg/fail", orderId, token)));
    }

    /** Publishes {@code payment.checkout.started}. The worker, not the edge, checks the token against the order. */
    void startCheckout(String orderId, String token) {
        publisher.publish(new CheckoutStarted(orderId, token));
    }

    private String orderIdFor(IssueOrderRequest request, @Nullable String idempotencyKey) {
        if (request.orderId() != null) {
            return request.orderId();
        }
        if (idempotencyKey == null) {
            return OrderTokens.randomOrderId();
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw RequestValidationException.of(
                    IDEMPOTENCY_KEY, "must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " non-blank characters");
        }
        return tokens.orderIdFor(idempotencyKey);
    }

    private String pgUrl(String path, String orderId, String token) {
        URI base = properties.edge().publicUrl();
        return UriComponentsBuilder.fromUri(base)
                .path(path)
                .queryParam("orderId", orderId)
                .queryParam("token", token)
                .encode()
                .build()
                .toUriString();
    }
}
