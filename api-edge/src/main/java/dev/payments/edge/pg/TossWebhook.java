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
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook body in one of the three shapes Toss sends (docs/contract.md §4), read from the exact bytes the PG sent:
 *
 * <ul>
 *   <li>{@code {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":…,"data":{Payment}}};
 *   <li>{@code DEPOSIT_CALLBACK} flat, {@code {"createdAt":…,"secret":…,"status":…,"transactionKey":…,"orderId":…}},
 *       with no {@code eventType} and no {@code paymentKey};
 *   <li>{@code DEPOSIT_CALLBACK} wrapped, {@code {"eventType":"DEPOSIT_CALLBACK","data":{…}}}.
 * </ul>
 *
 * Each becomes a {@link StatusHint}; any other event type is {@link Ignored}. Unknown fields are ignored. The payment's
 * {@code secret} (a deposit callback's, or the Payment's {@code data.secret}) travels in the hint for the worker to
 * compare with the one the confirm answer returned; it is never logged or answered. A body is refused (400, naming
 * every invalid field, never repeating a value) only when it cannot be read: not a JSON object, a field of the wrong
 * type or length, or no usable orderId or status.
 */
sealed interface TossWebhook {

    String PAYMENT_STATUS_CHANGED = "PAYMENT_STATUS_CHANGED";
    String DEPOSIT_CALLBACK = "DEPOSIT_CALLBACK";

    /**
     * The PG names a payment's (new) status: published as a hint for the worker to check by look-up.
     *
     * @param secret the payment's secret as the webhook carried it; never logged
     * @param method the payment method as the PG names it ({@code 카드}, {@code 가상계좌}, ...), when it said
     */
    record StatusHint(
            String eventType,
            String orderId,
            @Nullable String paymentKey,
            String status,
            @Nullable Long totalAmount,
            @Nullable OffsetDateTime approvedAt,
            @Nullable String secret,
            @Nullable String method)
            implements TossWebhook {

        /** The {@code payment.pg.status} event: always a hint, whatever signed the webhook. */
        PgStatus event(@Nullable String transmissionId) {
            return new PgStatus(
                    orderId,
                    paymentKey,
                    status,
                    totalAmount,
                    approvedAt,
                    Verification.NONE,
                    transmissionId,
                    null,
                    secret,
                    method);
        }

        /** Without the secret: a record's default toString would put it into any log line. */
        @Override
        public String toString() {
            return "StatusHint[eventType=" + eventType + ", orderId=" + orderId + ", paymentKey=" + paymentKey
                    + ", status=" + status + ", method=" + method + ", secret=" + (secret == null ? null : "***") + "]";
        }
    }

    /** A well-formed webhook of a type the edge does not act on ({@code CANCEL_STATUS_CHANGED}, payouts, ...). */
    record Ignored(String eventType) implements TossWebhook {}

    /**
     * @throws RequestValidationException naming {@code body}, {@code eventType}, {@code data} or the invalid fields of
     *     the payment ({@code data.orderId}, or {@code orderId} in a flat deposit callback)
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
            return Fields.of(root, "").hint(DEPOSIT_CALLBACK);
        }
        if (!eventType.isString()) {
            throw RequestValidationException.of("eventType", "must be a string");
        }
        String type = eventType.asString();
        if (!type.equals(PAYMENT_STATUS_CHANGED) && !type.equals(DEPOSIT_CALLBACK)) {
            return new Ignored(type);
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw RequestValidationException.of(
                    "data", "is required and must be a JSON object (the Payment, or the deposit callback)");
        }
        return Fields.of(data, "data.").hint(type);
    }

    /** Reads the fields of a Payment object (or a deposit callback), naming each invalid one as {@code prefix + name}. */
    final class Fields {

        private static final int MAX_PAYMENT_KEY = 200;
        private static final int MAX_STATUS = 40;
        /** Toss's secrets have at most 50 characters; the event's schema allows 100. */
        private static final int MAX_SECRET = 100;
        /** The orders table's {@code method} column, and the event's schema. */
        private static final int MAX_METHOD = 40;

        private static final long MAX_AMOUNT = 1_000_000_000_000L;

        private final JsonNode object;
        private final String prefix;
        private final List<FieldProblem> problems = new ArrayList<>();

        private Fields(JsonNode object, String prefix) {
            this.object = object;
            this.prefix = prefix;
        }

        static Fields of(JsonNode object, String prefix) {
            return new Fields(object, prefix);
        }

        StatusHint hint(String eventType) {
            String orderId = text("orderId", true, Integer.MAX_VALUE);
            if (orderId != null && !OrderId.isValid(orderId)) {
                problems.add(new FieldProblem(prefix + "orderId", OrderId.EXPECTATION));
            }
            String paymentKey = text("paymentKey", false, MAX_PAYMENT_KEY);
            String status = text("status", true, MAX_STATUS);
            Long totalAmount = totalAmount();
            OffsetDateTime approvedAt = approvedAt();
            String secret = text("secret", false, MAX_SECRET);
            String method = text("method", false, MAX_METHOD);
            if (!problems.isEmpty()) {
                throw new RequestValidationException(problems);
            }
            return new StatusHint(eventType, orderId, paymentKey, status, totalAmount, approvedAt, secret, method);
        }

        /** A string field; absent, null or empty counts as missing (a problem only when required). */
        private @Nullable String text(String name, boolean required, int maxLength) {
            JsonNode node = object.get(name);
            if (node == null
                    || node.isNull()
                    || (node.isString() && node.asString().isEmpty())) {
                if (required) {
                    problems.add(new FieldProblem(prefix + name, "is required"));
                }
                return null;
            }
            if (!node.isString()) {
                problems.add(new FieldProblem(prefix + name, "must be a string"));
                return null;
            }
            if (node.asString().length() > maxLength) {
                problems.add(new FieldProblem(prefix + name, "must be 1-" + maxLength + " characters"));
                return null;
            }
            return node.asString();
        }

        private @Nullable Long totalAmount() {
            JsonNode node = object.get("totalAmount");
            if (node == null || node.isNull()) {
                return null;
            }
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                long amount = node.longValue();
                if (amount >= 0 && amount <= MAX_AMOUNT) {
                    return amount;
                }
            }
            problems.add(new FieldProblem(
                    prefix + "totalAmount", "must be an integer from 0 to " + MAX_AMOUNT + " (KRW won)"));
            return null;
        }

        private @Nullable OffsetDateTime approvedAt() {
            JsonNode node = object.get("approvedAt");
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
            problems.add(new FieldProblem(prefix + "approvedAt", "must be an ISO 8601 date-time with offset, or null"));
            return null;
        }
    }
}
