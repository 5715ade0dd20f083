package dev.payments.worker.order.processing;

import dev.payments.schemas.PgPaymentStatus;
import dev.payments.worker.order.Decision;
import dev.payments.worker.order.MoneyAnomaly;
import dev.payments.worker.order.Rejection;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A timeline reason as a metric tag. A FAIL order's reason may be a code the buyer's browser sent ({@code /pg/fail
 * ?code=}), so a tag taken as it comes would let anyone create series without bound: the worker's own reasons and the
 * PG's documented codes (Toss v1) are kept, anything else is {@value #OTHER}. The timeline
 * keeps the reason as sent.
 */
final class MetricReasons {

    static final String OTHER = "OTHER";
    static final String NONE = "none";

    /** Reasons the worker itself writes (the state machine's and the confirm dispatcher's codes). */
    private static final Set<String> WORKER_REASONS = Set.of(
            "AMOUNT_MISMATCH",
            "EXPIRED",
            "PG_FAILED",
            "CONFIRM_REJECTED",
            "PG_ANSWER_MISMATCH",
            "VIRTUAL_ACCOUNT_MISSING",
            // a virtual account's end and deadline
            "DEPOSIT_EXPIRED",
            "PG_CANCELED",
            "DEPOSIT_DEADLINE_PASSED",
            Decision.Duplicate.SAME_EVENT,
            Decision.Duplicate.SAME_STATE,
            Decision.Duplicate.SAME_ORDER,
            Decision.Duplicate.SAME_REFUND,
            "REFUND_FAILED");

    /** The PG's codes a fail redirect or a confirm refusal documents (Toss v1). */
    private static final Set<String> PG_CODES = Set.of(
            "PAY_PROCESS_CANCELED",
            "PAY_PROCESS_ABORTED",
            "REJECT_CARD_COMPANY",
            "REJECT_CARD_PAYMENT",
            "REJECT_ACCOUNT_PAYMENT",
            "INVALID_REJECT_CARD",
            "INVALID_CARD_EXPIRATION",
            "INVALID_STOPPED_CARD",
            "INVALID_REQUEST",
            "INVALID_ORDER_ID",
            "INVALID_ORDER_NAME",
            "DUPLICATED_ORDER_ID",
            "EXCEED_MAX_AMOUNT",
            "BELOW_MINIMUM_AMOUNT",
            "EXCEED_MAX_AUTH_COUNT",
            "FORBIDDEN_REQUEST",
            "NOT_FOUND_PAYMENT",
            "NOT_FOUND_PAYMENT_SESSION",
            "NOT_FOUND",
            "ALREADY_PROCESSED_PAYMENT",
            // a refund's cancel refused
            "NOT_CANCELABLE_AMOUNT",
            "NOT_CANCELABLE_PAYMENT",
            "ALREADY_CANCELED_PAYMENT",
            "EXCEED_MAX_REFUND_DUE",
            "NOT_MATCHES_REFUNDABLE_AMOUNT",
            "INVALID_REFUND_ACCOUNT_INFO",
            "INVALID_REFUND_ACCOUNT_NUMBER",
            "REFUND_REJECTED",
            "FAILED_REFUND_PROCESS");

    private static final Set<String> KNOWN = known();

    private MetricReasons() {}

    /** {@code reason} when it is one of the bounded set, {@value #NONE} when absent, else {@value #OTHER}. */
    static String tag(String reason) {
        if (reason == null) {
            return NONE;
        }
        return KNOWN.contains(reason) ? reason : OTHER;
    }

    private static Set<String> known() {
        Set<String> known = new HashSet<>(WORKER_REASONS);
        known.addAll(PG_CODES);
        Stream.of(Rejection.values(), MoneyAnomaly.values(), PgPaymentStatus.values())
                .flatMap(Arrays::stream)
                .map(Enum::name)
                .forEach(known::add);
        return Set.copyOf(known);
    }
}
