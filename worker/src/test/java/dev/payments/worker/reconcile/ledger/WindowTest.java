package dev.payments.worker.reconcile.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);
    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    @Test
    void theRollingWindowEndsOnTheLastGridPointAtLeastTheSettleDelayAgo() {
        assertThat(Window.rolling(Instant.parse("2026-11-23T10:07:00Z"), FIVE_MINUTES, FIFTEEN_MINUTES, TWO_MINUTES))
                .isEqualTo(new Window(Instant.parse("2026-11-23T09:50:00Z"), Instant.parse("2026-11-23T10:05:00Z")));
        assertThat(Window.rolling(
                        Instant.parse("2026-11-23T10:06:59.999Z"), FIVE_MINUTES, FIFTEEN_MINUTES, TWO_MINUTES))
                .as("a millisecond before the tick: the window before")
                .isEqualTo(new Window(Instant.parse("2026-11-23T09:45:00Z"), Instant.parse("2026-11-23T10:00:00Z")));
        assertThat(Window.rolling(
                        Instant.parse("2026-11-23T10:11:59.999Z"), FIVE_MINUTES, FIFTEEN_MINUTES, TWO_MINUTES))
                .as("every instance ticking within the interval computes the same window")
                .isEqualTo(new Window(Instant.parse("2026-11-23T09:50:00Z"), Instant.parse("2026-11-23T10:05:00Z")));
    }

    @Test
    void theNextRollingTickIsTheNextGridPointPlusTheSettleDelay() {
        assertThat(Window.nextRollingTick(Instant.parse("2026-11-23T10:07:00Z"), FIVE_MINUTES, TWO_MINUTES))
                .isEqualTo(Instant.parse("2026-11-23T10:12:00Z"));
        assertThat(Window.nextRollingTick(Instant.parse("2026-11-23T10:06:59.999Z"), FIVE_MINUTES, TWO_MINUTES))
                .isEqualTo(Instant.parse("2026-11-23T10:07:00Z"));
        Instant tick = Window.nextRollingTick(Instant.parse("2026-11-23T10:03:10Z"), FIVE_MINUTES, TWO_MINUTES);
        assertThat(Window.rolling(tick, FIVE_MINUTES, FIFTEEN_MINUTES, TWO_MINUTES)
                        .end())
                .as("the window due at a tick ends on its grid point")
                .isEqualTo(Instant.parse("2026-11-23T10:05:00Z"));
    }

    @Test
    void thePreviousDayIsTheWholeDayBeforeInThePgsZone() {
        ZoneId seoul = ZoneId.of("Asia/Seoul");

        // 2026-11-23 01:00 in Seoul is 2026-11-22 16:00 UTC
        assertThat(Window.previousDay(Instant.parse("2026-11-22T16:00:00Z"), seoul))
                .isEqualTo(new Window(Instant.parse("2026-11-21T15:00:00Z"), Instant.parse("2026-11-22T15:00:00Z")));
        assertThat(Window.previousDay(Instant.parse("2026-11-22T14:59:59Z"), seoul))
                .isEqualTo(new Window(Instant.parse("2026-11-20T15:00:00Z"), Instant.parse("2026-11-21T15:00:00Z")));
    }

    @Test
    void containsItsStartButNotItsEnd() {
        Window window = new Window(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:15:00Z"));

        assertThat(window.contains(window.start())).isTrue();
        assertThat(window.contains(window.start().minusNanos(1))).isFalse();
        assertThat(window.contains(window.end().minusNanos(1))).isTrue();
        assertThat(window.contains(window.end())).isFalse();
        assertThat(window.widenedBy(TWO_MINUTES))
                .isEqualTo(new Window(Instant.parse("2026-11-23T09:58:00Z"), Instant.parse("2026-11-23T10:17:00Z")));
    }

    @Test
    void aWindowThatEndsWhereOrBeforeItStartsIsNone() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");

        assertThatThrownBy(() -> new Window(at, at)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Window(at, at.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
