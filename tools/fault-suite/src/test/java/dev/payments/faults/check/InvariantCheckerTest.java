package dev.payments.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.faults.check.InvariantChecker.TimelineRow;
import dev.payments.faults.load.PlannedOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker's own rules, on hand-made rows: a checker that cannot fail proves nothing. */
class InvariantCheckerTest {

    private static final Instant T = Instant.parse("2026-11-24T00:00:00Z");
    /** A forged confirmation under the id the worker's own will have, written at offset 14 of partition 0. */
    private static final PlannedOrder.ForgedEvent FORGED_CONFIRMATION =
            new PlannedOrder.ForgedEvent("o-1:confirmation", "payment.pg.confirmation", 0, 14);

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
                4,
                3,
                1,
                1,
                1,
                1,
                new Figures.Refunds(10, 11, 6, 0, 3, 2, 1, 7, 12_000, 1, 1, 1, 1, 1, 1, 1),
                new Figures.VirtualAccounts(10, 10, 7, 1, 1, Map.of("VA_DEPOSIT: COMPLETE", 6L), 1, 1, 1, 1, 1),
                new Figures.Reconciliation(
                        new Reconciliations.Report(
                                T,
                                T.plusSeconds(90),
                                new ReconciliationRun(
                                        1,
                                        "MANUAL",
                                        T,
                                        T.plusSeconds(90),
                                        "DONE",
                                        40,
                                        Map.of("MATCHED", 37L, "MISSING_HERE", 2L, "STATUS_MISMATCH", 1L),
                                        Map.of("HEALING", 3L),
                                        null,
                                        List.of()),
                                new ReconciliationRun(
                                        2,
                                        "MANUAL",
                                        T,
                                        T.plusSeconds(90),
                                        "DONE",
                                        41,
                                        Map.of("MATCHED", 40L, "MISSING_HERE", 1L),
                                        Map.of("HEALING", 1L),
                                        null,
                                        List.of()),
                                5,
                                1,
                                2,
                                1,
                                null),
                        Map.of("CONSOLE_CANCEL", 1L, "APPROVED_AFTER_EXPIRY", 1L, "VA_DEPOSIT_UNANNOUNCED", 1L),
                        3,
                        2,
                        1,
                        1,
                        1),
                List.of(),
                List.of());
        assertThat(broken.violations())
                .containsExactly(
                        "1 records dead-lettered (the load sends no poison: a live event was lost)",
                        "1 orders approved more than once",
                        "9 distinct completion ids for 10 terminal orders",
                        "1 orders where DB, completion and PG disagree",
                        "1 forged callbacks not refused",
                        "1 forged internal events not refused UNAUTHENTICATED_EVENT",
                        "1 genuine events shadowed by a forged event's id",
                        "1 orders COMPLETE without the PG's approval",
                        "1 money-anomaly records on payments.completions beyond the reversed deposits'",
                        "1 per-order ordering violations",
                        "1 orders whose refunds ended other than the oracle expects",
                        "1 orders whose PG cancelled amount is not the sum of their SUCCEEDED refunds or exceeds what"
                                + " was paid",
                        "1 orders whose PG cancels are not one per SUCCEEDED refund",
                        "1 orders without exactly one payment.refund.completed per ended refund",
                        "1 refunds still REQUESTED",
                        "1 of 2 payments approved behind our back not given back",
                        "1 orders whose refunded_amount is not the sum of their SUCCEEDED refunds",
                        "1 virtual-account orders without one completion and one awaiting-deposit record",
                        "1 deposited orders not COMPLETE with one approval",
                        "1 orders past their deadline not CANCEL DEPOSIT_EXPIRED, unpaid and cancelled at the PG",
                        "1 transfers at the deadline not settled in one outcome backed by the PG",
                        "1 reversed deposits not surfaced by one DEPOSIT_REVERSED",
                        "1 of 3 drifted items not found by the reconciliation",
                        "2 of 3 drifted items not healed or reported",
                        "1 items of the first reconciliation that are no injected drift's",
                        "1 items of the second reconciliation that are no healed drift's",
                        "the second reconciliation asked the PG again: 1 items healing, 2 look-ups of drifted payments, 1"
                                + " cancels",
                        "1 orders and refunds changed by the second reconciliation");
        assertThat(broken.table()).contains("BROKEN").contains("{VA_DEPOSIT: COMPLETE=6}");
        assertThat(broken.summaryRow("test"))
                .contains("| 10 | 6 | 0 | 3 | 1/2 | 7 | 12000 | 7 |")
                .contains("| 10 (10 awaited a deposit): 7 deposits taken, 1 bounced, 1 reversed | 5 |")
                .contains("| 40 | 37 | 0 | 2 | 0 | 1 | 3 / 0 / 0 | 2 / 3 {APPROVED_AFTER_EXPIRY=1, CONSOLE_CANCEL=1,"
                        + " VA_DEPOSIT_UNANNOUNCED=1} | 1 (0), 1 | 6 |");
        assertThat(broken.summaryRow("test").split("\\|", -1))
                .as("a cell per column")
                .hasSameSizeAs(Figures.summaryHeader()
                        .lines()
                        .findFirst()
                        .orElseThrow()
                        .split("\\|", -1));
    }

    @Test
    void aForgedEventIsRefusedWhenEveryRowOfItsRecordIsAnUnauthenticatedRejection() {
        // read twice (a batch redelivered): both rows refuse it
        assertThat(InvariantChecker.refused(
                        FORGED_CONFIRMATION,
                        List.of(
                                row(1, 0, 10, 0),
                                rejected(2, 0, 14, "o-1:confirmation", "UNAUTHENTICATED_EVENT", 1),
                                rejected(3, 0, 14, "o-1:confirmation", "UNAUTHENTICATED_EVENT", 2))))
                .isTrue();
    }

    @Test
    void aForgedEventIsNotRefusedWhenItLeftNoRowOrAnyOtherRow() {
        assertThat(InvariantChecker.refused(FORGED_CONFIRMATION, List.of(row(1, 0, 10, 0))))
                .as("no row of its own")
                .isFalse();
        assertThat(InvariantChecker.refused(
                        FORGED_CONFIRMATION, List.of(rejected(2, 0, 14, "o-1:confirmation", "INVALID_TRANSITION", 1))))
                .as("refused, but for a reason that believed it came from a worker")
                .isFalse();
        assertThat(InvariantChecker.refused(
                        FORGED_CONFIRMATION,
                        List.of(
                                rejected(2, 0, 14, "o-1:confirmation", "UNAUTHENTICATED_EVENT", 1),
                                new TimelineRow(3, 0, 14, "o-1:confirmation", "APPLIED", null, T.plusSeconds(2)))))
                .as("applied when read again")
                .isFalse();
    }

    @Test
    void aGenuineEventUnderTheForgedIdThatIsAppliedOrADuplicateOfTheStateIsNotShadowed() {
        assertThat(InvariantChecker.shadowsGenuine(
                        FORGED_CONFIRMATION,
                        List.of(
                                rejected(2, 0, 14, "o-1:confirmation", "UNAUTHENTICATED_EVENT", 1),
                                new TimelineRow(3, 0, 20, "o-1:confirmation", "APPLIED", null, T.plusSeconds(2)),
                                // the genuine record read again after a crash: a repetition of itself
                                new TimelineRow(
                                        4, 0, 20, "o-1:confirmation", "DUPLICATE", "SAME_EVENT", T.plusSeconds(3)))))
                .isFalse();
        assertThat(InvariantChecker.shadowsGenuine(
                        FORGED_CONFIRMATION,
                        List.of(new TimelineRow(
                                3, 0, 20, "o-1:confirmation", "DUPLICATE", "SAME_STATE", T.plusSeconds(2)))))
                .isFalse();
        assertThat(InvariantChecker.shadowsGenuine(
                        FORGED_CONFIRMATION,
                        List.of(
                                rejected(2, 0, 14, "o-1:confirmation", "UNAUTHENTICATED_EVENT", 1),
                                new TimelineRow(3, 0, 20, "o-1:confirmation", "APPLIED", null, T.plusSeconds(2)),
                                // the genuine record published again by the relay (a database restart): another offset
                                new TimelineRow(
                                        4, 0, 31, "o-1:confirmation", "DUPLICATE", "SAME_EVENT", T.plusSeconds(3)))))
                .isFalse();
    }

    @Test
    void aGenuineEventFirstTakenForARepetitionOrAReuseOfTheForgedIdIsShadowed() {
        assertThat(InvariantChecker.shadowsGenuine(
                        FORGED_CONFIRMATION,
                        List.of(
                                rejected(2, 0, 14, "o-1:confirmation", "INVALID_TRANSITION", 1),
                                new TimelineRow(
                                        3, 0, 20, "o-1:confirmation", "DUPLICATE", "SAME_EVENT", T.plusSeconds(2)))))
                .isTrue();
        assertThat(InvariantChecker.shadowsGenuine(
                        FORGED_CONFIRMATION, List.of(rejected(3, 0, 20, "o-1:confirmation", "EVENT_ID_REUSED", 2))))
                .isTrue();
    }

    private static TimelineRow rejected(
            long id, int partition, long offset, String eventId, String reason, int second) {
        return new TimelineRow(id, partition, offset, eventId, "REJECTED", reason, T.plusSeconds(second));
    }

    private static TimelineRow row(long id, int partition, long offset, int second) {
        return new TimelineRow(id, partition, offset, "event-" + offset, "APPLIED", null, T.plusSeconds(second));
    }
}
