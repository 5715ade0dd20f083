package dev.payments.worker.pg.client;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the cancels[] entry a cancel request made, both in the cancel's own answer and in a later look-up that settles an
 * unknown outcome.
 *
 * <p>Toss's entries carry no reference to the request (no idempotency key, no id of ours), so the rule is: a
 * {@code DONE} entry with the requested amount and reason whose transactionKey is not already known to belong to another
 * refund; among several, the latest ({@code canceledAt}, then position in the list, which Toss keeps oldest first). Two
 * refunds with equal amount and reason are told apart only by the known keys, so callers pass the transactionKeys their
 * other refunds of the payment have already recorded.
 */
public final class CancelMatcher {

    private CancelMatcher() {}

    /**
     * @param knownTransactionKeys transactionKeys already recorded for other refunds of this payment (never matched)
     */
    public static Optional<TossPayment.Cancel> match(
            TossPayment payment, long cancelAmount, String cancelReason, Set<String> knownTransactionKeys) {
        List<TossPayment.Cancel> cancels = payment.cancels();
        TossPayment.Cancel best = null;
        for (TossPayment.Cancel cancel : cancels) {
            if (matches(cancel, cancelAmount, cancelReason, knownTransactionKeys)
                    && (best == null || !isBefore(cancel, best))) {
                best = cancel;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean matches(
            TossPayment.Cancel cancel, long cancelAmount, String cancelReason, Set<String> knownTransactionKeys) {
        return cancel.isDone()
                && cancel.cancelAmount() != null
                && cancel.cancelAmount() == cancelAmount
                && cancelReason.equals(cancel.cancelReason())
                && cancel.transactionKey() != null
                && !knownTransactionKeys.contains(cancel.transactionKey());
    }

    /** Whether {@code a} was made strictly before {@code b}; an entry without a time is not ordered by time. */
    private static boolean isBefore(TossPayment.Cancel a, TossPayment.Cancel b) {
        return a.canceledAt() != null
                && b.canceledAt() != null
                && a.canceledAt().isBefore(b.canceledAt());
    }
}
