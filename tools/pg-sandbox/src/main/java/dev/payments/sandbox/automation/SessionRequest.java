package dev.payments.sandbox.automation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.payments.sandbox.payment.ConfirmBehaviour;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code POST /sandbox/v1/sessions}: a payment session created without a browser.
 *
 * @param outcome what the buyer does in the window: PAY (default), DECLINE, CANCEL, or NONE (leave it READY)
 * @param confirm how the confirms of this payment are answered (default APPROVE)
 * @param method the method the buyer pays with, in Korean or English (default 카드)
 * @param validForSeconds a virtual account's validity, instead of {@code payments.sandbox.virtual-account.valid-for}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SessionRequest(
        String orderId,
        Long amount,
        String orderName,
        String paymentKey,
        String outcome,
        String customerName,
        String customerEmail,
        String successUrl,
        String failUrl,
        Confirm confirm,
        String method,
        Long validForSeconds) {

    enum Outcome {
        PAY,
        DECLINE,
        CANCEL,
        NONE
    }

    /**
     * @param behaviour APPROVE, REJECT (with {@code code}), FAIL_TIMES ({@code times}), DELAY ({@code delayMs}) or
     *     NEVER_ANSWER (optional {@code times}, default: every confirm)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Confirm(String behaviour, String code, Integer times, Long delayMs) {

        ConfirmBehaviour toBehaviour() {
            String kind = behaviour == null ? "APPROVE" : behaviour.strip().toUpperCase(Locale.ROOT);
            return switch (kind) {
                case "APPROVE" -> new ConfirmBehaviour.Approve();
                case "REJECT" -> new ConfirmBehaviour.Reject(code == null ? "REJECT_CARD_PAYMENT" : code);
                case "FAIL_TIMES" -> new ConfirmBehaviour.FailTimes(times == null ? 1 : times);
                case "DELAY" -> new ConfirmBehaviour.Delay(Duration.ofMillis(delayMs == null ? 1000 : delayMs));
                case "NEVER_ANSWER" -> new ConfirmBehaviour.NeverAnswer(times == null ? Integer.MAX_VALUE : times);
                default -> throw new IllegalArgumentException("unknown confirm behaviour " + behaviour);
            };
        }
    }

    Outcome outcomeOrDefault() {
        return outcome == null ? Outcome.PAY : Outcome.valueOf(outcome.strip().toUpperCase(Locale.ROOT));
    }

    /** The validity asked for, or null for the configured one. */
    Duration accountValidFor() {
        if (validForSeconds == null) {
            return null;
        }
        if (validForSeconds < 1) {
            throw new IllegalArgumentException("validForSeconds must be at least 1");
        }
        return Duration.ofSeconds(validForSeconds);
    }

    ConfirmBehaviour behaviour() {
        return confirm == null ? new ConfirmBehaviour.Approve() : confirm.toBehaviour();
    }
}
