package dev.payments.worker.pg.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void doublesPerAttemptWithinHalfToAllOfTheStep() {
        RandomGenerator random = new SplittableRandom(42);
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.after(1, random)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(backoff.after(2, random)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(backoff.after(4, random)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
        }
    }

    @Test
    void isCappedAtTheMaximumEvenAfterVeryManyAttempts() {
        RandomGenerator random = new SplittableRandom(7);
        for (int attempts : new int[] {7, 8, 40, 64, Integer.MAX_VALUE}) {
            assertThat(backoff.after(attempts, random)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void jitterSpreadsRetriesOfJobsThatFailedTogether() {
        RandomGenerator random = new SplittableRandom(1);
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> backoff.after(3, random))
                .distinct()
                .count();
        assertThat(distinct).isGreaterThan(50);
    }
}
