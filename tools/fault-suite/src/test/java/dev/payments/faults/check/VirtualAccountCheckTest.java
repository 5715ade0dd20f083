package dev.payments.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.faults.check.InvariantChecker.Completion;
import dev.payments.faults.check.InvariantChecker.Ledger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The virtual-account rules of the checker, on hand-made inputs: each must hold on a good order and break on a bad one.
 */
class VirtualAccountCheckTest {

    private static final String ORDER = "o-000001";

    private static final Ledger DEPOSITED = pg("DONE", 1, 1, 0);
    private static final Ledger CANCELLED_UNPAID = new Ledger(0, "CANCELED", 1, 10_000, Set.of("pk"), 0, 0);
    private static final Ledger WAITING = pg("WAITING_FOR_DEPOSIT", 0, 0, 0);
    private static final Ledger REVERSED = pg("WAITING_FOR_DEPOSIT", 0, 1, 1);

    @Test
    void anOrderThatAwaitedItsDepositHasOneCompletionAndOneAwaitingDepositRecord() {
        assertThat(VirtualAccountCheck.oneOutcome(
                        ORDER,
                        "COMPLETE",
                        true,
                        List.of(
                                awaiting(),
                                // published again after a crash: the same record to the shop
                                awaiting(),
                                completion("COMPLETE"),
                                completion("COMPLETE"))))
                .isNull();
    }

    @Test
    void anOrderNotEndedOrWithoutItsCompletionOrWithTwoOutcomesBreaksTheOneOutcomeRule() {
        assertThat(VirtualAccountCheck.oneOutcome(ORDER, "AWAITING_DEPOSIT", true, List.of(awaiting())))
                .contains("has not ended: AWAITING_DEPOSIT");
        assertThat(VirtualAccountCheck.oneOutcome(ORDER, "CANCEL", true, List.of(awaiting())))
                .contains("completion records []");
        assertThat(VirtualAccountCheck.oneOutcome(
                        ORDER,
                        "COMPLETE",
                        true,
                        List.of(
                                awaiting(),
                                completion("COMPLETE"),
                                record("o-000001:completion-2", "payment.order.completed", "CANCEL", null))))
                .contains("not one o-000001:completion");
        assertThat(VirtualAccountCheck.oneOutcome(
                        ORDER, "COMPLETE", true, List.of(awaiting(), completion("COMPLETE"), completion("CANCEL"))))
                .contains("the order is COMPLETE, its completion records say [CANCEL, COMPLETE]");
    }

    @Test
    void anAwaitingDepositRecordMissingOrWithoutTheStateBreaksTheOneOutcomeRule() {
        assertThat(VirtualAccountCheck.oneOutcome(ORDER, "COMPLETE", true, List.of(completion("COMPLETE"))))
                .contains("reached AWAITING_DEPOSIT, awaiting-deposit records []");
        assertThat(VirtualAccountCheck.oneOutcome(
                        ORDER, "COMPLETE", false, List.of(awaiting(), completion("COMPLETE"))))
                .contains("never AWAITING_DEPOSIT, awaiting-deposit records [o-000001:awaiting-deposit]");
        assertThat(VirtualAccountCheck.oneOutcome(ORDER, "COMPLETE", false, List.of(completion("COMPLETE"))))
                .isNull();
    }

    @Test
    void aDepositedOrderEndsCompleteWithTheOneDepositInForce() {
        assertThat(VirtualAccountCheck.depositedEndsComplete("COMPLETE", DEPOSITED))
                .isNull();
        assertThat(VirtualAccountCheck.depositedEndsComplete("CANCEL", DEPOSITED))
                .contains("deposited, but the order ended CANCEL");
        assertThat(VirtualAccountCheck.depositedEndsComplete("COMPLETE", WAITING))
                .contains("the PG shows WAITING_FOR_DEPOSIT, 0 approvals, 0 deposits");
        assertThat(VirtualAccountCheck.depositedEndsComplete("COMPLETE", pg("DONE", 2, 2, 0)))
                .contains("2 approvals");
    }

    @Test
    void anOrderPastItsDeadlineEndsCancelDepositExpiredUnpaidAndCancelledAtThePg() {
        assertThat(VirtualAccountCheck.expiredEndsCancelled("CANCEL", "DEPOSIT_EXPIRED", CANCELLED_UNPAID))
                .isNull();
        assertThat(VirtualAccountCheck.expiredEndsCancelled("CANCEL", "PG_CANCELED", CANCELLED_UNPAID))
                .contains("ended CANCEL PG_CANCELED");
        assertThat(VirtualAccountCheck.expiredEndsCancelled("COMPLETE", null, DEPOSITED))
                .contains("ended COMPLETE");
        assertThat(VirtualAccountCheck.expiredEndsCancelled("CANCEL", "DEPOSIT_EXPIRED", WAITING))
                .as("the deadline's cancel never made: a late transfer would be taken")
                .contains("the PG shows WAITING_FOR_DEPOSIT");
        assertThat(VirtualAccountCheck.expiredEndsCancelled("CANCEL", "DEPOSIT_EXPIRED", pg("CANCELED", 1, 1, 0)))
                .as("money taken for an expired order")
                .contains("1 approvals, 1 deposits");
        assertThat(VirtualAccountCheck.expiredEndsCancelled(
                        "CANCEL", "DEPOSIT_EXPIRED", new Ledger(0, "CANCELED", 2, 20_000, Set.of("pk"), 0, 0)))
                .as("cancelled twice")
                .contains("2 cancels");
    }

    @Test
    void aTransferTheDeadlineBouncedEndsAsAnExpiredOrder() {
        assertThat(VirtualAccountCheck.raceSettledOnce("CANCEL", "DEPOSIT_EXPIRED", CANCELLED_UNPAID, false))
                .isNull();
        assertThat(VirtualAccountCheck.raceSettledOnce("CANCEL", "DEPOSIT_EXPIRED", WAITING, false))
                .contains("the PG bounced the transfer; expired, but the PG shows WAITING_FOR_DEPOSIT");
    }

    @Test
    void aTransferThePgTookCompletesTheOrderOrIsGivenBack() {
        assertThat(VirtualAccountCheck.raceSettledOnce("COMPLETE", null, DEPOSITED, false))
                .isNull();
        assertThat(VirtualAccountCheck.raceSettledOnce(
                        "CANCEL", "DEPOSIT_EXPIRED", new Ledger(1, "CANCELED", 1, 10_000, Set.of("pk"), 1, 0), true))
                .as("the deadline ended the order first, and the money taken was given back")
                .isNull();
        assertThat(VirtualAccountCheck.raceSettledOnce("CANCEL", "DEPOSIT_EXPIRED", pg("DONE", 1, 1, 0), false))
                .as("an approval without a COMPLETE order")
                .contains("the money not given back");
        assertThat(VirtualAccountCheck.raceSettledOnce("CANCEL", "DEPOSIT_EXPIRED", pg("CANCELED", 1, 1, 0), false))
                .contains("the money not given back");
        assertThat(VirtualAccountCheck.raceSettledOnce("COMPLETE", null, pg("CANCELED", 1, 1, 0), false))
                .contains("the order is COMPLETE, but the PG shows CANCELED");
    }

    @Test
    void aReversedDepositIsSurfacedByOneAnomalyAndTheOrderStaysComplete() {
        List<Completion> surfaced = List.of(
                awaiting(),
                completion("COMPLETE"),
                anomaly("DEPOSIT_REVERSED"),
                // the PG reported it again (a second webhook of the reversal): the same record
                anomaly("DEPOSIT_REVERSED"));
        assertThat(VirtualAccountCheck.reversalSurfaced(ORDER, "COMPLETE", REVERSED, surfaced))
                .isNull();
    }

    @Test
    void aReversalNotSurfacedOrThatReopenedTheOrderBreaksTheRule() {
        assertThat(VirtualAccountCheck.reversalSurfaced(
                        ORDER, "COMPLETE", REVERSED, List.of(awaiting(), completion("COMPLETE"))))
                .contains("reversal surfaced by [], not one o-000001:anomaly:DEPOSIT_REVERSED");
        assertThat(VirtualAccountCheck.reversalSurfaced(
                        ORDER,
                        "COMPLETE",
                        REVERSED,
                        List.of(awaiting(), completion("COMPLETE"), anomaly("CANCELED_AT_PG"))))
                .as("surfaced for another reason")
                .contains("reversal surfaced by []");
        assertThat(VirtualAccountCheck.reversalSurfaced(
                        ORDER, "CANCEL", REVERSED, List.of(completion("CANCEL"), anomaly("DEPOSIT_REVERSED"))))
                .contains("but the order is CANCEL");
        assertThat(VirtualAccountCheck.reversalSurfaced(
                        ORDER, "COMPLETE", DEPOSITED, List.of(completion("COMPLETE"), anomaly("DEPOSIT_REVERSED"))))
                .as("the PG shows no reversal")
                .contains("reversed, but the PG shows DONE");
    }

    @Test
    void aReversedDepositLeavesTheCompleteOrderWithoutAnApprovalInForce() {
        assertThat(REVERSED.depositReversedSince()).isTrue();
        assertThat(DEPOSITED.depositReversedSince()).isFalse();
        assertThat(WAITING.depositReversedSince()).as("never deposited").isFalse();
        assertThat(pg("DONE", 1, 2, 1).depositReversedSince())
                .as("deposited again after the reversal")
                .isFalse();
    }

    private static Ledger pg(String status, long approvals, long deposits, long reversals) {
        return new Ledger(approvals, status, 0, 0, Set.of(), deposits, reversals);
    }

    private static Completion awaiting() {
        return record("o-000001:awaiting-deposit", "payment.order.awaiting-deposit", null, null);
    }

    private static Completion completion(String status) {
        return record("o-000001:completion", "payment.order.completed", status, null);
    }

    private static Completion anomaly(String reason) {
        return record("o-000001:anomaly:" + reason, "payment.order.anomaly", null, reason);
    }

    private static Completion record(String id, String type, String status, String reason) {
        return new Completion(ORDER, id, type, status, null, reason);
    }
}
