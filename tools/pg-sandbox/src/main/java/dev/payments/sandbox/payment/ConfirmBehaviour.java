package dev.payments.sandbox.payment;

import java.time.Duration;

/** How the sandbox answers the confirm of one payment; set per payment through the automation API. */
public sealed interface ConfirmBehaviour {

    /** Approve (the default). */
    record Approve() implements ConfirmBehaviour {}

    /** Refuse with {@code code} (e.g. REJECT_CARD_PAYMENT): the payment becomes ABORTED with that failure. */
    record Reject(String code) implements ConfirmBehaviour {
        public Reject {
            if (code == null || code.isBlank()) {
                throw new IllegalArgumentException("REJECT needs a code");
            }
        }
    }

    /** Answer {@code 500 FAILED_INTERNAL_SYSTEM_PROCESSING} to the first {@code times} confirms, then approve. */
    record FailTimes(int times) implements ConfirmBehaviour {
        public FailTimes {
            if (times < 0) {
                throw new IllegalArgumentException("FAIL_TIMES needs times >= 0");
            }
        }
    }

    /** Wait {@code delay} before processing every confirm, then approve. */
    record Delay(Duration delay) implements ConfirmBehaviour {
        public Delay {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("DELAY needs delayMs >= 0");
            }
        }
    }

    /**
     * Hold the first {@code times} confirms without an answer (nothing is approved) until the client gives up, the
     * sandbox shuts down or {@code payments.sandbox.never-answer-max-hold} passes; later confirms approve.
     */
    record NeverAnswer(int times) implements ConfirmBehaviour {
        public NeverAnswer {
            if (times < 1) {
                throw new IllegalArgumentException("NEVER_ANSWER needs times >= 1");
            }
        }
    }
}
