package dev.payments.worker.pg.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The retry delay: the kind's back-off, never shorter than a retry's own minimum. */
class JobDispatcherTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    @Test
    void aPlainRetryWaitsTheBackOff() {
        RandomGenerator random = new SplittableRandom(3);
        Step.Retry retry = new Step.Retry("HTTP 500");

        assertThat(retry.atLeast()).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(JobDispatcher.delay(backoff, 1, retry, random))
                    .isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        }
    }

    @Test
    void aRetryThatNamesALongerMinimumWaitsAtLeastThatLong() {
        RandomGenerator random = new SplittableRandom(5);
        Step.Retry retry = new Step.Retry("FORBIDDEN_CONSECUTIVE_REQUEST", Duration.ofSeconds(1));

        for (int attempts = 1; attempts < 50; attempts++) {
            assertThat(JobDispatcher.delay(backoff, attempts, retry, random)).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aShorterMinimumLeavesTheBackOffAsItIs() {
        RandomGenerator random = new SplittableRandom(9);
        Step.Retry retry = new Step.Retry("bank closed", Duration.ofMillis(10));

        for (int i = 0; i < 100; i++) {
            assertThat(JobDispatcher.delay(backoff, 3, retry, random))
                    .isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        }
    }

    @Test
    void aRetryRefusesANegativeOrMissingMinimum() {
        assertThatThrownBy(() -> new Step.Retry("x", Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Step.Retry("x", null)).isInstanceOf(NullPointerException.class);
    }
}
