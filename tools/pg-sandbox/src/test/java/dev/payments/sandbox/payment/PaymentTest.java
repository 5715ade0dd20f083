package dev.payments.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.sandbox.payment.Payment.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The payment's state machine over every status × transition; payments are built through real transitions only. */
class PaymentTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(30);
    static final Duration CONFIRM_WINDOW = Duration.ofMinutes(10);
    static final Payment.Failure REFUSED = new Payment.Failure("REJECT_CARD_PAYMENT", "한도초과");

    /** A payment in {@code status}, reached the way the sandbox reaches it. */
    static Payment in(Status status) {
        Payment p = new Payment(
                "pk", "order-1", "주문", 15_000, T0, null, null, null, null, "ps_x", new ConfirmBehaviour.Approve());
        switch (status) {
            case READY -> {}
            case IN_PROGRESS -> p.authenticate(T0);
            case DONE -> {
                p.authenticate(T0);
                p.approve(T0, "tx1");
            }
            case PARTIAL_CANCELED -> {
                p.authenticate(T0);
                p.approve(T0, "tx1");
                p.cancel(5_000L, "part", T0, "tx2", "rc");
            }
            case CANCELED -> {
                p.authenticate(T0);
                p.approve(T0, "tx1");
                p.cancel(null, "all", T0, "tx2", "rc");
            }
            case ABORTED -> {
                p.authenticate(T0);
                p.abort(REFUSED);
            }
            case EXPIRED -> p.expireIfDue(T0.plus(WINDOW), WINDOW, CONFIRM_WINDOW);
        }
        assertThat(p.status()).isEqualTo(status);
        return p;
    }

    /** Transition name → (from status → to status); a status not listed must refuse or change nothing. */
    static final Map<String, Map<Status, Status>> ALLOWED = Map.of(
            "authenticate", Map.of(Status.READY, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.IN_PROGRESS),
            "decline", Map.of(Status.READY, Status.ABORTED),
            "approve", Map.of(Status.IN_PROGRESS, Status.DONE),
            "abort", Map.of(Status.IN_PROGRESS, Status.ABORTED),
            "expire", Map.of(Status.READY, Status.EXPIRED, Status.IN_PROGRESS, Status.EXPIRED),
            "cancel", Map.of(Status.DONE, Status.CANCELED, Status.PARTIAL_CANCELED, Status.PARTIAL_CANCELED));

    static final Map<String, Consumer<Payment>> TRANSITIONS = Map.of(
            "authenticate", p -> p.authenticate(T0),
            "decline", p -> p.declineInWindow(REFUSED),
            "approve", p -> p.approve(T0, "tx9"),
            "abort", p -> p.abort(REFUSED),
            "expire", p -> p.expireIfDue(T0.plus(Duration.ofDays(1)), WINDOW, CONFIRM_WINDOW),
            "cancel", p -> p.cancel(null, "cancel", T0, "tx9", "rc"));

    static Stream<Arguments> everyStatusAndTransition() {
        return EnumSet.allOf(Status.class).stream()
                .flatMap(status -> TRANSITIONS.keySet().stream().map(name -> Arguments.of(status, name)));
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("everyStatusAndTransition")
    void everyTransitionFromEveryStatus(Status from, String transition) {
        Payment payment = in(from);
        Status expected = ALLOWED.get(transition).get(from);
        if (expected != null) {
            TRANSITIONS.get(transition).accept(payment);
            assertThat(payment.status()).isEqualTo(expected);
        } else if (transition.equals("expire")) {
            TRANSITIONS.get(transition).accept(payment);
            assertThat(payment.status()).as("expiry leaves %s alone", from).isEqualTo(from);
        } else {
            assertThatThrownBy(() -> TRANSITIONS.get(transition).accept(payment))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(from.name());
            assertThat(payment.status()).isEqualTo(from);
        }
    }

    @Test
    void theTableCoversEveryTransition() {
        assertThat(ALLOWED.keySet()).isEqualTo(TRANSITIONS.keySet());
        Set<Status> reached = EnumSet.noneOf(Status.class);
        ALLOWED.values().forEach(m -> reached.addAll(m.values()));
        assertThat(reached).containsAll(EnumSet.complementOf(EnumSet.of(Status.READY, Status.PARTIAL_CANCELED)));
    }

    @Test
    void windowsExpireOnlyWhenDue() {
        Payment ready = in(Status.READY);
        assertThat(ready.expireIfDue(T0.plus(WINDOW).minusMillis(1), WINDOW, CONFIRM_WINDOW))
                .isNull();
        assertThat(ready.expireIfDue(T0.plus(WINDOW), WINDOW, CONFIRM_WINDOW))
                .isEqualTo(new Payment.StatusChanged(Status.READY, Status.EXPIRED));
        Payment inProgress = in(Status.IN_PROGRESS);
        assertThat(inProgress.expireIfDue(T0.plus(CONFIRM_WINDOW).minusMillis(1), WINDOW, CONFIRM_WINDOW))
                .isNull();
        assertThat(inProgress.expireIfDue(T0.plus(CONFIRM_WINDOW), WINDOW, CONFIRM_WINDOW))
                .isEqualTo(new Payment.StatusChanged(Status.IN_PROGRESS, Status.EXPIRED));
        assertThat(inProgress.failure().code()).isEqualTo("EXPIRED_PAYMENT");
    }

    @Test
    void partialCancelsKeepTheBalanceAndRefuseMoreThanIt() {
        Payment payment = in(Status.DONE);

        assertThat(payment.cancel(4_000L, "a", T0, "tx2", "rc").to()).isEqualTo(Status.PARTIAL_CANCELED);
        assertThat(payment.balanceAmount()).isEqualTo(11_000);
        assertThatThrownBy(() -> payment.cancel(11_001L, "b", T0, "tx3", "rc"))
                .isInstanceOf(IllegalArgumentException.class);
        // refunded in parts down to 0, a payment stays PARTIAL_CANCELED (Toss); CANCELED is a single full cancel
        assertThat(payment.cancel(11_000L, "c", T0, "tx4", "rc").to()).isEqualTo(Status.PARTIAL_CANCELED);
        assertThat(payment.balanceAmount()).isZero();
        assertThat(payment.cancels())
                .extracting(Payment.Cancel::refundableAmount)
                .containsExactly(11_000L, 0L);
    }

    @Test
    void failTimesAndHoldsAreUsedUp() {
        Payment failing = new Payment(
                "pk", "order-2", "주문", 1_000, T0, null, null, null, null, null, new ConfirmBehaviour.FailTimes(2));
        Payment held = new Payment(
                "pk2", "order-3", "주문", 1_000, T0, null, null, null, null, null, new ConfirmBehaviour.NeverAnswer(1));

        assertThat(Stream.generate(failing::takeFailure).limit(4)).containsExactly(true, true, false, false);
        assertThat(Stream.generate(held::takeHold).limit(2)).containsExactly(true, false);
    }
}
