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

    static final Instant DUE = T0.plus(Duration.ofDays(7));
    static final Payment.VirtualAccount ACCOUNT = new Payment.VirtualAccount("20", "X1234567890123", "김토스", DUE);

    /** A card payment in {@code status} (a virtual account for WAITING_FOR_DEPOSIT), reached the way the sandbox does. */
    static Payment in(Status status) {
        if (status == Status.WAITING_FOR_DEPOSIT) {
            return virtualAccountIn(status);
        }
        return reach(
                new Payment(
                        "pk",
                        "order-1",
                        "주문",
                        15_000,
                        T0,
                        null,
                        null,
                        null,
                        null,
                        "ps_x",
                        new ConfirmBehaviour.Approve()),
                status);
    }

    /** A virtual-account payment in {@code status}, reached the way the sandbox reaches it. */
    static Payment virtualAccountIn(Status status) {
        Payment p = new Payment(
                "pk", "order-1", "주문", 15_000, T0, "김토스", null, null, null, "ps_x", new ConfirmBehaviour.Approve());
        p.requestMethod(Method.VIRTUAL_ACCOUNT);
        return reach(p, status);
    }

    private static Payment reach(Payment p, Status status) {
        switch (status) {
            case READY -> {}
            case IN_PROGRESS -> p.authenticate(T0);
            case WAITING_FOR_DEPOSIT -> {
                p.authenticate(T0);
                p.issue(ACCOUNT, "tx1");
            }
            case DONE -> paid(p);
            case PARTIAL_CANCELED -> {
                paid(p);
                p.cancel(5_000L, "part", T0, "tx3", "rc");
            }
            case CANCELED -> {
                paid(p);
                p.cancel(null, "all", T0, "tx3", "rc");
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

    /** Authenticated and approved: a card by its confirm, a virtual account by its deposit. */
    private static void paid(Payment p) {
        p.authenticate(T0);
        if (p.method() == Method.VIRTUAL_ACCOUNT) {
            p.issue(ACCOUNT, "tx1");
            p.deposit(T0, "tx2", "김토스");
        } else {
            p.approve(T0, "tx1");
        }
    }

    /** Transition name → (from status → to status); a status not listed must refuse or change nothing. */
    static final Map<String, Map<Status, Status>> ALLOWED = Map.of(
            "authenticate", Map.of(Status.READY, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.IN_PROGRESS),
            "decline", Map.of(Status.READY, Status.ABORTED),
            "approve", Map.of(Status.IN_PROGRESS, Status.DONE),
            "abort", Map.of(Status.IN_PROGRESS, Status.ABORTED),
            "expire", Map.of(Status.READY, Status.EXPIRED, Status.IN_PROGRESS, Status.EXPIRED),
            "cancel",
                    Map.of(
                            Status.DONE,
                            Status.CANCELED,
                            Status.PARTIAL_CANCELED,
                            Status.PARTIAL_CANCELED,
                            Status.WAITING_FOR_DEPOSIT,
                            Status.CANCELED));

    /** The same for a virtual-account payment: issued instead of approved, then deposited and reversed. */
    static final Map<String, Map<Status, Status>> VIRTUAL_ACCOUNT_ALLOWED = Map.of(
            "authenticate", Map.of(Status.READY, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.IN_PROGRESS),
            "decline", Map.of(Status.READY, Status.ABORTED),
            "approve", Map.of(),
            "issue", Map.of(Status.IN_PROGRESS, Status.WAITING_FOR_DEPOSIT),
            "deposit", Map.of(Status.WAITING_FOR_DEPOSIT, Status.DONE),
            "reverse", Map.of(Status.DONE, Status.WAITING_FOR_DEPOSIT),
            "abort", Map.of(Status.IN_PROGRESS, Status.ABORTED),
            "expire", Map.of(Status.READY, Status.EXPIRED, Status.IN_PROGRESS, Status.EXPIRED),
            "cancel",
                    Map.of(
                            Status.DONE,
                            Status.CANCELED,
                            Status.PARTIAL_CANCELED,
                            Status.PARTIAL_CANCELED,
                            Status.WAITING_FOR_DEPOSIT,
                            Status.CANCELED));

    static final Map<String, Consumer<Payment>> VIRTUAL_ACCOUNT_TRANSITIONS = Map.of(
            "authenticate", p -> p.authenticate(T0),
            "decline", p -> p.declineInWindow(REFUSED),
            "approve", p -> p.approve(T0, "tx9"),
            "issue", p -> p.issue(ACCOUNT, "tx9"),
            "deposit", p -> p.deposit(T0.plusSeconds(1), "tx9", "김토스"),
            "reverse", p -> p.reverseDeposit("tx9"),
            "abort", p -> p.abort(REFUSED),
            "expire", p -> p.expireIfDue(T0.plus(Duration.ofDays(1)), WINDOW, CONFIRM_WINDOW),
            "cancel", p -> p.cancel(null, "cancel", T0, "tx9", "rc"));

    static final Map<String, Consumer<Payment>> TRANSITIONS = Map.of(
            "authenticate", p -> p.authenticate(T0),
            "decline", p -> p.declineInWindow(REFUSED),
            "approve", p -> p.approve(T0, "tx9"),
            "abort", p -> p.abort(REFUSED),
            "expire", p -> p.expireIfDue(T0.plus(Duration.ofDays(1)), WINDOW, CONFIRM_WINDOW),
            "cancel", p -> p.cancel(null, "cancel", T0, "tx9", "rc"));

    /** A kind of payment: its builder, its transition table and its transitions. */
    record Kind(
            String name,
            java.util.function.Function<Status, Payment> builder,
            Map<String, Map<Status, Status>> allowed,
            Map<String, Consumer<Payment>> transitions) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final Kind CARD = new Kind("card", PaymentTest::in, ALLOWED, TRANSITIONS);
    static final Kind VIRTUAL_ACCOUNT = new Kind(
            "virtual account", PaymentTest::virtualAccountIn, VIRTUAL_ACCOUNT_ALLOWED, VIRTUAL_ACCOUNT_TRANSITIONS);

    static Stream<Arguments> everyStatusAndTransition() {
        return Stream.of(CARD, VIRTUAL_ACCOUNT).flatMap(kind -> EnumSet.allOf(Status.class).stream()
                .flatMap(status -> kind.transitions().keySet().stream().map(name -> Arguments.of(kind, status, name))));
    }

    @ParameterizedTest(name = "{0}: {2} from {1}")
    @MethodSource("everyStatusAndTransition")
    void everyTransitionFromEveryStatus(Kind kind, Status from, String transition) {
        Payment payment = kind.builder().apply(from);
        Status expected = kind.allowed().get(transition).get(from);
        Consumer<Payment> action = kind.transitions().get(transition);
        if (expected != null) {
            action.accept(payment);
            assertThat(payment.status()).isEqualTo(expected);
        } else if (transition.equals("expire")) {
            action.accept(payment);
            assertThat(payment.status()).as("expiry leaves %s alone", from).isEqualTo(from);
        } else {
            assertThatThrownBy(() -> action.accept(payment))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(from.name());
            assertThat(payment.status()).isEqualTo(from);
        }
    }

    @Test
    void theTablesCoverEveryTransition() {
        assertThat(ALLOWED.keySet()).isEqualTo(TRANSITIONS.keySet());
        assertThat(VIRTUAL_ACCOUNT_ALLOWED.keySet()).isEqualTo(VIRTUAL_ACCOUNT_TRANSITIONS.keySet());
        Set<Status> reached = EnumSet.noneOf(Status.class);
        ALLOWED.values().forEach(m -> reached.addAll(m.values()));
        VIRTUAL_ACCOUNT_ALLOWED.values().forEach(m -> reached.addAll(m.values()));
        assertThat(reached).containsAll(EnumSet.complementOf(EnumSet.of(Status.READY)));
    }

    @Test
    void aVirtualAccountTakesNoDepositFromItsDueDateOnAndIsCancelledOnlyWhole() {
        Payment payment = virtualAccountIn(Status.WAITING_FOR_DEPOSIT);

        assertThatThrownBy(() -> payment.deposit(DUE, "tx2", "김토스"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("due date");
        assertThatThrownBy(() -> payment.cancel(5_000L, "part", T0, "tx2", "rc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(payment.status()).isEqualTo(Status.WAITING_FOR_DEPOSIT);
        assertThat(payment.deposit(DUE.minusMillis(1), "tx2", "입금자").to()).isEqualTo(Status.DONE);
        assertThat(payment.depositorName()).isEqualTo("입금자");
        assertThat(payment.approvedAt()).isEqualTo(DUE.minusMillis(1));
        assertThat(payment.reverseDeposit("tx3").to()).isEqualTo(Status.WAITING_FOR_DEPOSIT);
        assertThat(payment.approvedAt()).isNull();
        assertThat(payment.depositorName()).isNull();
        assertThat(payment.isApproved()).isFalse();
    }

    @Test
    void aVirtualAccountIsNeverApprovedAndACardNeverIssuedOrDeposited() {
        Payment card = in(Status.IN_PROGRESS);
        Payment done = in(Status.DONE);

        assertThatThrownBy(() -> card.issue(ACCOUNT, "tx")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> done.reverseDeposit("tx")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> virtualAccountIn(Status.IN_PROGRESS).approve(T0, "tx"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ACCOUNT.toString()).doesNotContain(ACCOUNT.accountNumber());
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
