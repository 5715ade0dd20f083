package dev.payments.worker.pg.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which cancels[] entry a cancel request made, in its own answer and in a later look-up. */
class CancelMatcherTest {

    private static final String REASON = "고객 변심";

    private static TossPayment.Cancel cancel(long amount, String reason, String at, String key, String status) {
        return new TossPayment.Cancel(amount, reason, at == null ? null : OffsetDateTime.parse(at), key, 0L, status);
    }

    private static TossPayment.Cancel done(long amount, String at, String key) {
        return cancel(amount, REASON, at, key, "DONE");
    }

    private static TossPayment payment(TossPayment.Cancel... cancels) {
        return new TossPayment(
                "pk",
                "order-1",
                "PARTIAL_CANCELED",
                10_000L,
                null,
                "카드",
                null,
                0L,
                Arrays.asList(cancels),
                "tx",
                null,
                null,
                null);
    }

    private static String matched(TossPayment payment, long amount, String reason, Set<String> known) {
        return CancelMatcher.match(payment, amount, reason, known)
                .map(TossPayment.Cancel::transactionKey)
                .orElse(null);
    }

    @Test
    void picksTheEntryWithTheAmountAndReason() {
        TossPayment payment = payment(
                done(3_000, "2026-11-24T09:00:00+09:00", "a"),
                done(5_000, "2026-11-24T09:01:00+09:00", "b"),
                cancel(2_000, "다른 사유", "2026-11-24T09:02:00+09:00", "c", "DONE"));

        assertThat(matched(payment, 5_000, REASON, Set.of())).isEqualTo("b");
        assertThat(matched(payment, 2_000, "다른 사유", Set.of())).isEqualTo("c");
        assertThat(matched(payment, 2_000, REASON, Set.of())).isNull();
        assertThat(matched(payment, 4_000, REASON, Set.of())).isNull();
    }

    @Test
    void twoEqualCancelsArePickedApartByTheKeysAlreadyRecorded() {
        TossPayment payment = payment(
                done(5_000, "2026-11-24T09:00:00+09:00", "first"), done(5_000, "2026-11-24T09:05:00+09:00", "second"));

        assertThat(matched(payment, 5_000, REASON, Set.of())).isEqualTo("second");
        assertThat(matched(payment, 5_000, REASON, Set.of("second"))).isEqualTo("first");
        assertThat(matched(payment, 5_000, REASON, Set.of("first"))).isEqualTo("second");
        assertThat(matched(payment, 5_000, REASON, Set.of("first", "second"))).isNull();
    }

    @Test
    void prefersTheLatestCanceledAtWhateverTheOrderOfTheList() {
        TossPayment payment = payment(
                done(5_000, "2026-11-24T09:05:00+09:00", "later"), done(5_000, "2026-11-24T09:00:00+09:00", "earlier"));

        assertThat(matched(payment, 5_000, REASON, Set.of())).isEqualTo("later");
    }

    @Test
    void withoutTimesTheLastInTheListWins() {
        TossPayment payment = payment(done(5_000, null, "one"), done(5_000, null, "two"));

        assertThat(matched(payment, 5_000, REASON, Set.of())).isEqualTo("two");
    }

    @Test
    void anEntryNotDoneOrWithoutKeyIsNoCancel() {
        TossPayment payment = payment(
                cancel(5_000, REASON, "2026-11-24T09:00:00+09:00", "pending", "IN_PROGRESS"),
                done(5_000, "2026-11-24T09:01:00+09:00", null));

        assertThat(matched(payment, 5_000, REASON, Set.of())).isNull();
    }

    @Test
    void aPaymentWithoutCancelsMatchesNothing() {
        TossPayment payment = new TossPayment(
                "pk", "order-1", "DONE", 10_000L, null, "카드", null, 10_000L, null, null, null, null, null);

        assertThat(payment.cancels()).isEqualTo(List.of());
        assertThat(matched(payment, 5_000, REASON, Set.of())).isNull();
    }
}
