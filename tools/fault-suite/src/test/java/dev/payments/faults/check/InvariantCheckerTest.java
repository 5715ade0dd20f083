package dev.payments.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.faults.check.InvariantChecker.TimelineRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker's own rules, on hand-made rows: a checker that cannot fail proves nothing. */
class InvariantCheckerTest {

    private static final Instant T = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void recordsFirstRecordedInOffsetOrderAreInOrder() {
        assertThat(InvariantChecker.inOffsetOrder(List.of(row(1, 0, 10, 0), row(2, 0, 14, 1), row(3, 0, 20, 2))))
                .isTrue();
    }

    @Test
    void aRecordReadAgainAfterACrashOrAParkedRecordAppliedLaterIsNotAViolation() {
        // offset 10 parked, 14 (the issuance) recorded, then 10 applied: its first row came first
        // then 14 and 20 read again after a rebalance
        assertThat(InvariantChecker.inOffsetOrder(List.of(
                        row(1, 0, 10, 0),
                        row(2, 0, 14, 1),
                        row(3, 0, 10, 1),
                        row(4, 0, 20, 2),
                        row(60, 0, 14, 3),
                        row(61, 0, 20, 3))))
                .isTrue();
    }

    @Test
    void aLaterOffsetRecordedBeforeAnEarlierOneIsAViolation() {
        assertThat(InvariantChecker.inOffsetOrder(List.of(row(1, 0, 14, 0), row(2, 0, 10, 1))))
                .isFalse();
    }

    @Test
    void rowIdsFromAnotherWorkersSequenceBlockDoNotDecideTheOrderTheRecordingTimeDoes() {
        // worker B (ids from block 100) recorded offset 10 before worker A (ids from block 50) recorded offset 14
        assertThat(InvariantChecker.inOffsetOrder(List.of(row(100, 0, 10, 0), row(50, 0, 14, 1))))
                .isTrue();
    }

    @Test
    void oneOrderOnTwoPartitionsIsAViolation() {
        assertThat(InvariantChecker.inOffsetOrder(List.of(row(1, 0, 10, 0), row(2, 1, 14, 1))))
                .isFalse();
    }

    @Test
    void figuresNameEveryBrokenInvariant() {
        Figures broken = new Figures(
                "test",
                10,
                0,
                Duration.ofSeconds(1),
                0,
                Map.of("COMPLETE", 10L),
                0,
                0,
                50,
                50,
                0,
                1,
                2,
                1,
                9,
                10,
                10,
                1,
                3,
                2,
                2,
                2,
                1,
                List.of(),
                List.of());
        assertThat(broken.violations())
                .containsExactly(
                        "1 records dead-lettered (the load sends no poison: a live event was lost)",
                        "1 orders approved more than once",
                        "9 distinct completion ids for 10 terminal orders",
                        "1 orders where DB, completion and PG disagree",
                        "1 forged callbacks not refused",
                        "1 per-order ordering violations");
        assertThat(broken.table()).contains("BROKEN");
    }

    private static TimelineRow row(long id, int partition, long offset, int second) {
        return new TimelineRow(id, partition, offset, null, T.plusSeconds(second));
    }
}
