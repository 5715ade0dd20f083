package dev.payments.worker.pg.client;

import java.time.Duration;

/** What the PG answered to a cancel (docs/contract.md §5 Refund). */
public sealed interface CancelResult {

    /**
     * 200 with the cancels[] entry this request made: the refund succeeded.
     *
     * @param payment the payment after the cancel; its {@code balanceAmount} is what is left to refund
     * @param cancel the entry {@link CancelMatcher} picked for this request
     */
    record Canceled(TossPayment payment, TossPayment.Cancel cancel) implements CancelResult {}

    /** The PG's final word that it did not cancel (nothing left to cancel, wrong account, deadline passed...). */
    record Refused(String code, String message) implements CancelResult {}

    /**
     * The PG certainly did not cancel and asks to come back later (another cancel of the payment within one second, the
     * bank out of service hours). Toss replays a 4xx under the same Idempotency-Key, so the retry must carry a new key.
     */
    record RetryLater(String reason, Duration atLeast) implements CancelResult {}

    /**
     * The cancel may or may not have been made (timeout, I/O error after sending, 5xx, a "try again" code, a code this
     * version does not know, our own misconfiguration). Settle it by looking the payment up and matching cancels[] with
     * {@link CancelMatcher}, never by a second cancel under a new key.
     *
     * @param keySpent the PG answered with a 4xx of its own (e.g. {@code 400 PROVIDER_ERROR}), which it stores and
     *     replays under the same Idempotency-Key: retrying under that key only repeats this answer. Once a look-up shows
     *     that no cancel of ours was made, the retry needs a new key. False for anything the PG may still be working
     *     on or did not store (a timeout, an I/O error, a 5xx, 409 IDEMPOTENT_REQUEST_PROCESSING, a 200 we could not
     *     read as our cancel, our own misconfiguration).
     */
    record Unknown(String reason, boolean keySpent) implements CancelResult {

        /** An outcome the same key may still settle. */
        public Unknown(String reason) {
            this(reason, false);
        }
    }
}
