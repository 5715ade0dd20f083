package dev.payments.edge.pg;

import dev.payments.edge.EventPublisher;
import dev.payments.edge.pg.TossWebhook.Ignored;
import dev.payments.edge.pg.TossWebhook.StatusHint;
import dev.payments.edge.pg.WebhookSignatures.Check;
import dev.payments.edge.web.QueryParameters;
import dev.payments.edge.web.QueryParameters.ConflictingValuesException;
import dev.payments.edge.web.UnauthenticatedException;
import dev.payments.schemas.TokenHash;
import dev.payments.support.logging.OrderLogContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /pg/webhooks}: the PG's webhooks as Toss sends them (docs/contract.md §4). A payment's status change
 * and a deposit callback, flat or wrapped, become a {@code payment.pg.status} event with verification {@code NONE}:
 * the edge never vouches for a payment, the worker reads it from the PG before acting (and first compares the
 * webhook's {@code secret}, which the event carries and no log line shows, with the virtual account's). Any other event
 * type is acknowledged and writes nothing, so that the PG does not retry it for days.
 *
 * <p>The CloudEvents id makes the PG's retries of one webhook one event: {@code webhook:<transmission-id>}, or
 * {@code webhook:body:<hex sha256 of the body>} without a usable transmission id. A signed webhook (with
 * {@code payments.pg.webhook-secret} set) must verify and be fresh, else 401, and its id is bound to the signed bytes
 * ({@link WebhookSignatures}).
 */
@RestController
class PgWebhookController {

    static final String TRANSMISSION_ID = "tosspayments-webhook-transmission-id";
    static final String TRANSMISSION_TIME = "tosspayments-webhook-transmission-time";
    static final String SIGNATURE = "tosspayments-webhook-signature";
    static final String EVENT_ID_PREFIX = "webhook:";
    static final String BODY_ID_PREFIX = EVENT_ID_PREFIX + "body:";

    /** The challenge of a 401: a signature that is present must verify. */
    static final String SIGNATURE_CHALLENGE = "TossWebhookSignature realm=\"pg-webhooks\"";

    /** Visible ASCII; at most 192 so that the CloudEvents id {@code webhook:<id>} stays within 200 characters. */
    private static final Pattern TRANSMISSION_ID_SHAPE =
            Pattern.compile("^[\\x21-\\x7E]{1," + (200 - EVENT_ID_PREFIX.length()) + "}$");
    /** What of an event type the edge does not act on may reach a log line. */
    private static final Pattern LOGGABLE_EVENT_TYPE = Pattern.compile("^[A-Za-z0-9_.-]{1,100}$");

    private static final Logger log = LoggerFactory.getLogger(PgWebhookController.class);

    private final EventPublisher publisher;
    private final WebhookSignatures signatures;
    private final JsonMapper mapper;

    PgWebhookController(EventPublisher publisher, WebhookSignatures signatures, JsonMapper mapper) {
        this.publisher = publisher;
        this.signatures = signatures;
        this.mapper = mapper;
    }

    /** The body is taken as bytes: a signature and the body's hash are over exactly what the PG sent. */
    @PostMapping(path = "/pg/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> receive(@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
        switch (TossWebhook.parse(mapper, body)) {
            case Ignored ignored ->
                log.info("PG webhook of type {} acknowledged; nothing published", loggable(ignored));
            case StatusHint hint -> {
                OrderLogContext.putUntilCleared(hint.orderId());
                String transmissionId = transmissionId(request);
                publisher.publish(eventId(body, transmissionId, request), hint.event(transmissionId));
            }
        }
        return ResponseEntity.ok().build();
    }

    /**
     * The CloudEvents id of a webhook to publish: bound to the signed bytes when it is signed (and then it must verify
     * and be fresh), else its transmission id or the body's hash.
     *
     * @throws UnauthenticatedException for a signature that does not verify or a signed webhook that is not fresh
     */
    private String eventId(byte[] body, @Nullable String transmissionId, HttpServletRequest request) {
        Check check = signatures.check(
                body, Collections.list(request.getHeaders(SIGNATURE)), singleHeader(request, TRANSMISSION_TIME));
        return switch (check) {
            case Check.Signed signed -> signed.eventId();
            case Check.Unsigned unsigned -> {
                if (unsigned.signatureIgnored()) {
                    log.info(
                            "PG webhook {} carries a {} but payments.pg.webhook-secret is not set: taken as an"
                                    + " unsigned hint",
                            describe(transmissionId),
                            SIGNATURE);
                }
                yield transmissionId != null
                        ? EVENT_ID_PREFIX + transmissionId
                        : BODY_ID_PREFIX + HexFormat.of().formatHex(TokenHash.sha256(body));
            }
            case Check.Refused refused -> {
                log.warn("PG webhook {} refused: {}", describe(transmissionId), refused.reason());
                throw new UnauthenticatedException(refused.reason() + " Nothing was accepted.", SIGNATURE_CHALLENGE);
            }
        };
    }

    /**
     * The webhook's transmission id when it has one of a usable shape; null otherwise (absent, repeated with
     * different values, too long or not visible ASCII), and the body's hash names the webhook instead.
     */
    private static @Nullable String transmissionId(HttpServletRequest request) {
        String id = singleHeader(request, TRANSMISSION_ID);
        if (id != null && !TRANSMISSION_ID_SHAPE.matcher(id).matches()) {
            log.info("PG webhook's {} is not of a usable shape; the body's hash names it", TRANSMISSION_ID);
            return null;
        }
        return id;
    }

    /** The header's one non-empty value (equal repetitions count as one); null when absent, empty or ambiguous. */
    private static @Nullable String singleHeader(HttpServletRequest request, String name) {
        List<String> values = Collections.list(request.getHeaders(name));
        try {
            String value =
                    QueryParameters.singleValue(values.toArray(String[]::new)).orElse(null);
            return value == null || value.isEmpty() ? null : value;
        } catch (ConflictingValuesException e) {
            return null;
        }
    }

    private static String describe(@Nullable String transmissionId) {
        return transmissionId != null ? transmissionId : "(no usable transmission id)";
    }

    private static String loggable(Ignored webhook) {
        return LOGGABLE_EVENT_TYPE.matcher(webhook.eventType()).matches() ? webhook.eventType() : "(unprintable)";
    }
}
