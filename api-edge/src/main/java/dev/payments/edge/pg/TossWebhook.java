package dev.payments.edge.pg;

import dev.payments.edge.web.FieldProblem;
import dev.payments.edge.web.RequestValidationException;
import dev.payments.schemas.OrderId;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.PgStatus.Verification;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook body in the Toss format, {@code {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":…,"data":{Payment}}},
 * read from the exact bytes the PG sent. Unknown fields are ignored; every invalid field is named in a 400, and no
 * message repeats a value.
 */
final class TossWebhook {

    static final String PAYMENT_STATUS_CHANGED = "PAYMENT_STATUS_CHANGED";

    private static final Pattern EVENT_TYPE = Pattern.compile("^[A-Za-z0-9_.-]{1,100}$");
    private static final int MAX_PAYMENT_KEY = 200;
    private static final int MAX_STATUS = 40;
    private static final long MAX_AMOUNT = 1_000_000_000_000L;

    private final String eventType;
    private final JsonNode root;

    private TossWebhook(String eventType, JsonNode root) {
        this.eventType = eventType;
        this.root = root;
    }

    /**
     * The envelope of a webhook: a JSON object with an {@code eventType}.
     *
     * @throws RequestValidationException naming {@code body} or {@code eventType}
     */
    static TossWebhook parse(JsonMapper mapper, byte @Nullable [] body) {
        if (body == null || body.length == 0) {
            throw RequestValidationException.of("body", "is required and must be a JSON object");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw RequestValidationException.of("body", "is not well-formed JSON");
        }
        if (root == null || !root.isObject()) {
            throw RequestValidationException.of("body", "must be a JSON object");
        }
        JsonNode eventType = root.get("eventType");
        if (eventType == null || eventType.isNull()) {
            throw RequestValidationException.of("eventType", "is required");
        }
        if (!eventType.isString() || !EVENT_TYPE.matcher(eventType.asString()).matches()) {
            throw RequestValidationException.of(
                    "eventType", "must be 1-100 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        return new TossWebhook(eventType.asString(), root);
    }

    String eventType() {
        return eventType;
    }

    /** Whether this is a payment's status change, the only webhook the edge publishes. */
    boolean isPaymentStatusChanged() {
        return PAYMENT_STATUS_CHANGED.equals(eventType);
    }

    /**
     * The {@code payment.pg.status} event of a PAYMENT_STATUS_CHANGED webhook, from its Payment object.
     *
     * @param problems problems already found in the request (its headers), reported together with the body's
     * @throws RequestValidationException naming every invalid field ({@code data.orderId}, ...)
     */
    PgStatus paymentStatus(@Nullable String transmissionId, Verification verification, List<FieldProblem> problems) {
        List<FieldProblem> found = new ArrayList<>(problems);
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            found.add(new FieldProblem("data", "is required and must be a JSON object (the Payment)"));
            throw new RequestValidationException(found);
        }
        String orderId = text(data, "orderId", found);
        if (orderId != null && !OrderId.isValid(orderId)) {
            found.add(new FieldProblem("data.orderId", OrderId.EXPECTATION));
        }
        String paymentKey = text(data, "paymentKey", found);
        if (paymentKey != null && paymentKey.length() > MAX_PAYMENT_KEY) {
            found.add(new FieldProblem("data.paymentKey", "must be 1-" + MAX_PAYMENT_KEY + " characters"));
        }
        String status = text(data, "status", found);
        if (status != null && status.length() > MAX_STATUS) {
            found.add(new FieldProblem("data.status", "must be 1-" + MAX_STATUS + " characters"));
        }
        Long totalAmount = totalAmount(data.get("totalAmount"), found);
        OffsetDateTime approvedAt = approvedAt(data.get("approvedAt"), found);
        if (!found.isEmpty()) {
            throw new RequestValidationException(found);
        }
        return new PgStatus(orderId, paymentKey, status, totalAmount, approvedAt, verification, transmissionId);
    }

    /** A required, non-empty string of the Payment object, or null after recording why not. */
    private static @Nullable String text(JsonNode data, String name, List<FieldProblem> problems) {
        JsonNode node = data.get(name);
        if (node == null || node.isNull() || (node.isString() && node.asString().isEmpty())) {
            problems.add(new FieldProblem("data." + name, "is required"));
            return null;
        }
        if (!node.isString()) {
            problems.add(new FieldProblem("data." + name, "must be a string"));
            return null;
        }
        return node.asString();
    }

    private static @Nullable Long totalAmount(@Nullable JsonNode node, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long amount = node.longValue();
            if (amount >= 0 && amount <= MAX_AMOUNT) {
                return amount;
            }
        }
        problems.add(new FieldProblem("data.totalAmount", "must be an integer from 0 to " + MAX_AMOUNT + " (KRW won)"));
        return null;
    }

    private static @Nullable OffsetDateTime approvedAt(@Nullable JsonNode node, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            try {
                return OffsetDateTime.parse(node.asString());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        problems.add(new FieldProblem("data.approvedAt", "must be an ISO 8601 date-time with offset, or null"));
        return null;
    }
}
