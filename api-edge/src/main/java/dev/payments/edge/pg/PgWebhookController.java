package dev.payments.edge.pg;

import dev.payments.edge.EventPublisher;
import dev.payments.edge.web.FieldProblem;
import dev.payments.edge.web.QueryParameters;
import dev.payments.edge.web.QueryParameters.ConflictingValuesException;
import dev.payments.edge.web.UnauthenticatedException;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.PgStatus.Verification;
import dev.payments.support.logging.OrderLogContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
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
 * {@code POST /pg/webhooks}: the PG's webhooks in the Toss format. A PAYMENT_STATUS_CHANGED webhook becomes a
 * {@code payment.pg.status} event with CloudEvents id {@code webhook:<transmission-id>}, so the PG's retries of one
 * webhook are duplicates the worker drops. With {@code payments.pg.webhook-secret} set, the webhook must be signed
 * (verification SIGNATURE, else 401); without it, it is published as a hint (verification NONE) that the worker checks
 * by reading the payment from the PG. Other event types are acknowledged and write nothing.
 */
@RestController
class PgWebhookController {

    static final String TRANSMISSION_ID = "tosspayments-webhook-transmission-id";
    static final String TRANSMISSION_TIME = "tosspayments-webhook-transmission-time";
    static final String SIGNATURE = "tosspayments-webhook-signature";
    static final String EVENT_ID_PREFIX = "webhook:";

    /** The challenge of a 401: the PG must sign its webhooks with the shared secret. */
    static final String SIGNATURE_CHALLENGE = "TossWebhookSignature realm=\"pg-webhooks\"";

    /** Visible ASCII; at most 192 so that the CloudEvents id {@code webhook:<id>} stays within 200 characters. */
    private static final Pattern TRANSMISSION_ID_SHAPE =
            Pattern.compile("^[\\x21-\\x7E]{1," + (200 - EVENT_ID_PREFIX.length()) + "}$");

    private static final Logger log = LoggerFactory.getLogger(PgWebhookController.class);

    private final EventPublisher publisher;
    private final WebhookSignatures signatures;
    private final JsonMapper mapper;

    PgWebhookController(EventPublisher publisher, WebhookSignatures signatures, JsonMapper mapper) {
        this.publisher = publisher;
        this.signatures = signatures;
        this.mapper = mapper;
    }

    /** The body is taken as bytes: the signature is over exactly what the PG sent. */
    @PostMapping(path = "/pg/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> receive(@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
        TossWebhook webhook = TossWebhook.parse(mapper, body);
        if (!webhook.isPaymentStatusChanged()) {
            // e.g. DEPOSIT_CALLBACK: nothing the worker acts on; 200 so that the PG does not retry it for days
            log.info("PG webhook of type {} acknowledged; nothing published", webhook.eventType());
            return ResponseEntity.ok().build();
        }
        Verification verification = verify(body, request);
        List<FieldProblem> problems = new ArrayList<>();
        String transmissionId = transmissionId(request, problems);
        PgStatus status = webhook.paymentStatus(transmissionId, verification, problems);
        OrderLogContext.putUntilCleared(status.orderId());
        publisher.publish(EVENT_ID_PREFIX + status.transmissionId(), status);
        return ResponseEntity.ok().build();
    }

    /** SIGNATURE when the configured secret verifies the webhook, NONE without a secret; 401 otherwise. */
    private Verification verify(byte[] body, HttpServletRequest request) {
        if (!signatures.isConfigured()) {
            return Verification.NONE;
        }
        List<String> signatureHeaders = Collections.list(request.getHeaders(SIGNATURE));
        String transmissionTime = singleHeaderOrNull(request, TRANSMISSION_TIME);
        String refusal;
        if (signatureHeaders.isEmpty()) {
            refusal = "The webhook carries no " + SIGNATURE + " header.";
        } else if (transmissionTime == null) {
            refusal = "The webhook carries no single " + TRANSMISSION_TIME + " header, which its signature covers.";
        } else if (!signatures.verifies(body, transmissionTime, signatureHeaders)) {
            refusal = "The webhook's " + SIGNATURE + " does not match its body and " + TRANSMISSION_TIME + ".";
        } else {
            return Verification.SIGNATURE;
        }
        String id = singleHeaderOrNull(request, TRANSMISSION_ID);
        log.warn(
                "PG webhook {} refused: {}",
                id != null && TRANSMISSION_ID_SHAPE.matcher(id).matches() ? id : "(no valid transmission id)",
                refusal);
        throw new UnauthenticatedException(refusal + " Nothing was accepted.", SIGNATURE_CHALLENGE);
    }

    private static @Nullable String transmissionId(HttpServletRequest request, List<FieldProblem> problems) {
        String id;
        try {
            id = singleHeader(request, TRANSMISSION_ID);
        } catch (ConflictingValuesException e) {
            problems.add(new FieldProblem(TRANSMISSION_ID, "was given more than once with different values"));
            return null;
        }
        if (id == null || id.isEmpty()) {
            problems.add(new FieldProblem(TRANSMISSION_ID, "is required"));
            return null;
        }
        if (!TRANSMISSION_ID_SHAPE.matcher(id).matches()) {
            problems.add(new FieldProblem(
                    TRANSMISSION_ID, "must be 1-" + (200 - EVENT_ID_PREFIX.length()) + " visible ASCII characters"));
            return null;
        }
        return id;
    }

    /** The header's one value (equal repetitions count as one), null when absent. */
    private static @Nullable String singleHeader(HttpServletRequest request, String name) {
        return QueryParameters.singleValue(
                        Collections.list(request.getHeaders(name)).toArray(String[]::new))
                .orElse(null);
    }

    private static @Nullable String singleHeaderOrNull(HttpServletRequest request, String name) {
        try {
            String value = singleHeader(request, name);
            return value == null || value.isEmpty() ? null : value;
        } catch (ConflictingValuesException e) {
            return null;
        }
    }
}
