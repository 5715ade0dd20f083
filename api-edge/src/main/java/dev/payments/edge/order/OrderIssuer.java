package dev.payments.edge.order;

import dev.payments.edge.EdgeProperties;
import dev.payments.edge.EventPublisher;
import dev.payments.edge.web.RequestValidationException;
import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.TokenHash;
import dev.payments.support.logging.OrderLogContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/** Turns validated shop and buyer requests into events. It decides nothing about state: the worker does. */
@Service
class OrderIssuer {

    private static final Logger log = LoggerFactory.getLogger(OrderIssuer.class);

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final OrderTokens tokens;
    private final EventPublisher publisher;
    private final Clock clock;
    private final EdgeProperties properties;
    private final IssuedOrders issuedOrders;
    private final PgReturnUrl successUrl;
    private final PgReturnUrl failUrl;

    OrderIssuer(
            OrderTokens tokens,
            EventPublisher publisher,
            Clock clock,
            EdgeProperties properties,
            IssuedOrders issuedOrders) {
        this.tokens = tokens;
        this.publisher = publisher;
        this.clock = clock;
        this.properties = properties;
        this.issuedOrders = issuedOrders;
        this.successUrl = new PgReturnUrl(properties.edge().publicUrl(), "/pg/success");
        this.failUrl = new PgReturnUrl(properties.edge().publicUrl(), "/pg/fail");
    }

    /**
     * Publishes {@code payment.order.issued}; returns once Kafka holds it. A retry of an issuance the worker already
     * recorded is answered from the record and writes nothing; a conflicting one is refused (409) and writes nothing.
     */
    IssuedOrder issue(IssueOrderRequest request, @Nullable String idempotencyKey) {
        String orderId = orderIdFor(request, idempotencyKey);
        OrderLogContext.putUntilCleared(orderId);
        String token = tokens.tokenFor(orderId);
        Instant expiresAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(properties.orderTtl());
        var issued = new OrderIssued(
                orderId,
                request.amount(),
                request.currencyOrDefault(),
                request.orderName(),
                TokenHash.of(token),
                expiresAt,
                request.customerName(),
                request.customerEmail());
        Optional<IssuedOrders.IssuedRecord> recorded = recorded(orderId);
        if (recorded.isPresent() && !recorded.get().sameOrderAs(issued)) {
            throw new OrderConflictException(orderId);
        }
        if (recorded.isEmpty()) {
            publisher.publish(issued);
        }
        return new IssuedOrder(
                orderId,
                recorded.map(IssuedOrders.IssuedRecord::status).orElse("PREPAY"),
                issued.amount(),
                issued.currency(),
                issued.orderName(),
                token,
                recorded.map(IssuedOrders.IssuedRecord::expiresAt).orElse(expiresAt),
                new IssuedOrder.Pg(
                        properties.pg().clientKey(), successUrl.of(orderId, token), failUrl.of(orderId, token)));
    }

    /**
     * The worker's record of the order, if it has one. Issuance must not depend on the database being up: when it
     * cannot be read, the event is published and the worker, which refuses conflicts too, decides.
     */
    private Optional<IssuedOrders.IssuedRecord> recorded(String orderId) {
        try {
            return issuedOrders.find(orderId);
        } catch (DataAccessException e) {
            log.warn("Could not read order {} before issuing it; leaving duplicates to the worker", orderId);
            return Optional.empty();
        }
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

    /**
     * One of the URLs the PG sends the buyer back to: {@code <public-url><path>?orderId=..&token=..}, encoded as {@link
     * UriComponentsBuilder} encodes it. The part before the query is the same for every order, so it is built once and
     * only the two values are encoded per issuance; {@code OrderUrlsTest} holds it to the builder's output.
     */
    static final class PgReturnUrl {

        private final URI publicUrl;
        private final String path;
        /** {@code <public-url><path>}; null when public-url has a query or fragment of its own to merge with. */
        private final @Nullable String beforeQuery;

        PgReturnUrl(URI publicUrl, String path) {
            this.publicUrl = publicUrl;
            this.path = path;
            this.beforeQuery = publicUrl.getRawQuery() == null && publicUrl.getRawFragment() == null
                    ? UriComponentsBuilder.fromUri(publicUrl)
                            .path(path)
                            .encode()
                            .build()
                            .toUriString()
                    : null;
        }

        String of(String orderId, String token) {
            if (beforeQuery != null) {
                return beforeQuery + "?orderId=" + UriUtils.encodeQueryParam(orderId, StandardCharsets.UTF_8)
                        + "&token=" + UriUtils.encodeQueryParam(token, StandardCharsets.UTF_8);
            }
            return UriComponentsBuilder.fromUri(publicUrl)
                    .path(path)
                    .queryParam("orderId", orderId)
                    .queryParam("token", token)
                    .encode()
                    .build()
                    .toUriString();
        }
    }
}
