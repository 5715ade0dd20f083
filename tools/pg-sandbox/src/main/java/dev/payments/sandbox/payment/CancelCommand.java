package dev.payments.sandbox.payment;

import tools.jackson.databind.JsonNode;

/**
 * The body of a cancel: {@code cancelAmount} null cancels the whole balance; {@code refundableAmount} non-null is the
 * caller's idea of the balance (refused with NOT_MATCHES_REFUNDABLE_AMOUNT when it differs); {@code
 * refundReceiveAccount} is accepted and shape-checked only (card payments need none).
 */
public record CancelCommand(
        String cancelReason, Long cancelAmount, Long refundableAmount, RefundAccount refundReceiveAccount) {

    /** Toss's {@code refundReceiveAccount}. */
    public record RefundAccount(String bank, String accountNumber, String holderName) {}

    /** The cancel body as Toss reads it (null: an empty body); a field of the wrong type is refused. */
    public static CancelCommand of(JsonNode node, TossErrors errors) {
        JsonNode account = node == null ? null : node.get("refundReceiveAccount");
        if (account != null && !account.isNull() && !account.isObject()) {
            throw errors.of("INVALID_REFUND_ACCOUNT_INFO");
        }
        return new CancelCommand(
                string(node, "cancelReason"),
                amount(node, "cancelAmount", errors),
                amount(node, "refundableAmount", errors),
                account == null || account.isNull()
                        ? null
                        : new RefundAccount(
                                string(account, "bank"),
                                string(account, "accountNumber"),
                                string(account, "holderName")));
    }

    private static Long amount(JsonNode node, String field, TossErrors errors) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw errors.of("INVALID_REQUEST", field + "는 정수여야 합니다.");
        }
        return value.asLong();
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }
}
