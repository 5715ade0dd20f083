package dev.payments.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.faults.check.RefundCheck.PgCancel;
import dev.payments.faults.check.RefundCheck.PgPayment;
import dev.payments.faults.check.RefundCheck.RefundRecord;
import dev.payments.faults.check.RefundCheck.RefundRow;
import dev.payments.faults.load.OrderKind;
import dev.payments.faults.load.PlannedOrder.Channel;
import dev.payments.faults.load.PlannedOrder.PlannedRefund;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The refund rules of the checker, on hand-made rows: each must hold on a good order and break on a bad one. */
class RefundCheckTest {

    private static final String ORDER = "o-000001";
    private static final long AMOUNT = 10_000;

    @Test
    void aPartThenTheRestSucceedWithTheAmountsAskedForAndTheBalanceLeft() {
        List<PlannedRefund> asked = List.of(asked("first", 4_000L), asked("rest", null));
        assertThat(RefundCheck.asPlanned(
                        OrderKind.REFUND_IN_TWO,
                        AMOUNT,
                        asked,
                        List.of(succeeded("first", 4_000, "tx1"), succeeded("rest", 6_000, "tx2"))))
                .isNull();
        assertThat(RefundCheck.asPlanned(
                        OrderKind.REFUND_IN_TWO,
                        AMOUNT,
                        asked,
                        List.of(succeeded("first", 4_000, "tx1"), failed("rest", 0, "REFUND_EXCEEDS_BALANCE"))))
                .contains("rest should have SUCCEEDED with 6000");
    }

    @Test
    void aRefundNobodyAskedForOrARefundOfAnotherKindBreaksThePlan() {
        assertThat(RefundCheck.asPlanned(
                        OrderKind.REFUND_PART,
                        AMOUNT,
                        List.of(asked("part", 3_000L)),
                        List.of(succeeded("part", 3_000, "tx1"), succeeded("extra", 1_000, "tx2"))))
                .contains("extra SUCCEEDED 1000 nobody asked for");
        assertThat(RefundCheck.asPlanned(OrderKind.PAY, AMOUNT, List.of(), List.of()))
                .isNull();
    }

    @Test
    void ofTwoConcurrentRefundsBeyondTheAmountExactlyOneSucceedsAndTheOtherIsRefused() {
        List<PlannedRefund> asked = List.of(asked("one", 6_000L), asked("other", 6_000L));
        assertThat(RefundCheck.asPlanned(
                        OrderKind.REFUND_CONCURRENT,
                        AMOUNT,
                        asked,
                        List.of(failed("one", 6_000, "REFUND_EXCEEDS_BALANCE"), succeeded("other", 6_000, "tx1"))))
                .isNull();
        assertThat(RefundCheck.asPlanned(
                        OrderKind.REFUND_CONCURRENT,
                        AMOUNT,
                        List.of(asked("one", 6_000L), refusedByTheEdge("other", 6_000L, "REFUND_EXCEEDS_BALANCE")),
                        List.of(succeeded("one", 6_000, "tx1"))))
                .as("refused early by the edge, nothing recorded")
                .isNull();
        assertThat(RefundCheck.asPlanned(
                        OrderKind.REFUND_CONCURRENT,
                        AMOUNT,
                        asked,
                        List.of(succeeded("one", 6_000, "tx1"), succeeded("other", 6_000, "tx2"))))
                .contains("exactly one of two refunds beyond the amount should have SUCCEEDED, not 2");
    }

    @Test
    void aRefundOfAFailedOrderIsRefusedNotRefundable() {
        assertThat(RefundCheck.asPlanned(
                        OrderKind.REFUND_OF_FAILED,
                        AMOUNT,
                        List.of(asked("failed", null)),
                        List.of(failed("failed", 0, "NOT_REFUNDABLE"))))
                .isNull();
        assertThat(RefundCheck.asPlanned(
                        OrderKind.REFUND_OF_FAILED,
                        AMOUNT,
                        List.of(refusedByTheEdge("failed", null, "NOT_REFUNDABLE")),
                        List.of(failed("failed", 0, "NOT_REFUNDABLE"))))
                .as("the edge said it wrote nothing, yet a refund was recorded")
                .contains("failed should have been refused NOT_REFUNDABLE");
    }

    @Test
    void thePgMustHaveGivenBackWhatOurSucceededRefundsSayAndNoMoreThanWasPaid() {
        List<RefundRow> rows = List.of(succeeded("first", 4_000, "tx1"), failed("other", 6_000, "PROVIDER_ERROR"));
        PgPayment payment = payment(AMOUNT, new PgCancel("tx1", 4_000));
        assertThat(RefundCheck.pgGaveBackWhatWeRecorded(AMOUNT, 4_000, rows, List.of(payment)))
                .isNull();
        assertThat(RefundCheck.pgGaveBackWhatWeRecorded(AMOUNT, 10_000, rows, List.of(payment)))
                .isEqualTo("the PG cancelled 10000, our SUCCEEDED refunds say 4000");
        assertThat(RefundCheck.pgGaveBackWhatWeRecorded(
                        AMOUNT, 12_000, List.of(succeeded("a", 6_000, "tx1"), succeeded("b", 6_000, "tx2")), List.of()))
                .isEqualTo("the shop's refunds gave back 12000 of an order of 10000");
        assertThat(RefundCheck.pgGaveBackWhatWeRecorded(
                        AMOUNT,
                        4_000,
                        rows,
                        List.of(new PgPayment(
                                "pk", "PARTIAL_CANCELED", AMOUNT, AMOUNT, List.of(new PgCancel("tx1", 4_000))))))
                .contains("4000 cancelled of 10000 approved, balance 10000");
    }

    @Test
    void eachSucceededRefundNamesOneCancelOfItsAmountAndThePgMadeNoOther() {
        List<RefundRow> rows = List.of(succeeded("first", 4_000, "tx1"), succeeded("rest", 6_000, "tx2"));
        assertThat(RefundCheck.oneCancelPerRefund(
                        rows, List.of(payment(AMOUNT, new PgCancel("tx1", 4_000), new PgCancel("tx2", 6_000)))))
                .isNull();
        assertThat(RefundCheck.oneCancelPerRefund(
                        List.of(succeeded("first", 4_000, "tx1")),
                        List.of(payment(AMOUNT, new PgCancel("tx1", 4_000), new PgCancel("tx9", 4_000)))))
                .as("the refund cancelled twice")
                .startsWith("2 cancels at the PG");
        assertThat(RefundCheck.oneCancelPerRefund(
                        List.of(succeeded("first", 4_000, "tx1"), succeeded("again", 4_000, "tx1")),
                        List.of(payment(AMOUNT, new PgCancel("tx1", 4_000)))))
                .as("two refunds naming one cancel")
                .startsWith("refund again SUCCEEDED 4000 names the cancel tx1");
        assertThat(RefundCheck.oneCancelPerRefund(rows, List.of(payment(AMOUNT, new PgCancel("tx1", 4_000)))))
                .as("a SUCCEEDED refund without its cancel")
                .startsWith("refund rest SUCCEEDED 6000 names the cancel tx2");
    }

    @Test
    void everyEndedRefundHasExactlyOneDistinctRecordSayingItsStatusAndARequestedOneNone() {
        List<RefundRow> rows = List.of(
                succeeded("first", 4_000, "tx1"),
                failed("other", 6_000, "REFUND_EXCEEDS_BALANCE"),
                row("late", "REQUESTED", 1_000, "SHOP", null, null));
        RefundRecord first = new RefundRecord(ORDER + ":refund:first", "first", "SUCCEEDED");
        RefundRecord other = new RefundRecord(ORDER + ":refund:other", "other", "FAILED");
        assertThat(RefundCheck.oneRecordPerEndedRefund(ORDER, rows, List.of(first, other, first)))
                .as("a record delivered twice is still one distinct record")
                .isNull();
        assertThat(RefundCheck.oneRecordPerEndedRefund(ORDER, rows, List.of(first)))
                .startsWith("refund other FAILED 6000 REFUND_EXCEEDS_BALANCE has completion records none");
        assertThat(RefundCheck.oneRecordPerEndedRefund(
                        ORDER,
                        rows,
                        List.of(first, other, new RefundRecord(ORDER + ":refund:first", "first", "FAILED"))))
                .startsWith("refund first SUCCEEDED 4000 has completion records");
        assertThat(RefundCheck.oneRecordPerEndedRefund(
                        ORDER,
                        rows,
                        List.of(first, other, new RefundRecord(ORDER + ":refund:late", "late", "SUCCEEDED"))))
                .startsWith("refund late REQUESTED 1000 has a completion record");
        assertThat(RefundCheck.oneRecordPerEndedRefund(
                        ORDER,
                        rows,
                        List.of(first, other, new RefundRecord(ORDER + ":refund:ghost", "ghost", "FAILED"))))
                .isEqualTo("completion records of no recorded refund: [" + ORDER + ":refund:ghost]");
    }

    @Test
    void aPaymentApprovedBehindOurBackIsGivenBackWholeByTheWorker() {
        String id = RefundCheck.giveBackId("pk-approved");
        assertThat(id).startsWith("giveback-").hasSize("giveback-".length() + 32);
        RefundRow giveBack = row(id, "SUCCEEDED", AMOUNT, "WORKER", null, "tx1");
        assertThat(RefundCheck.givenBack("pk-approved", AMOUNT, List.of(giveBack), "CANCELED"))
                .isNull();
        assertThat(RefundCheck.givenBack("pk-approved", AMOUNT, List.of(), "DONE"))
                .startsWith("no give-back " + id);
        assertThat(RefundCheck.givenBack(
                        "pk-approved",
                        AMOUNT,
                        List.of(row(id, "FAILED", AMOUNT, "WORKER", "PROVIDER_ERROR", null)),
                        "DONE"))
                .contains("is not the whole payment of 10000 given back");
        assertThat(RefundCheck.givenBack("pk-approved", AMOUNT, List.of(giveBack), "DONE"))
                .isEqualTo("given back, but the PG shows the payment DONE");
    }

    @Test
    void theOrdersRefundedAmountIsTheSumOfItsSucceededRefunds() {
        List<RefundRow> rows =
                List.of(succeeded("first", 4_000, "tx1"), failed("other", 6_000, "REFUND_EXCEEDS_BALANCE"));
        assertThat(RefundCheck.refundedAmountAgrees(4_000, rows)).isNull();
        assertThat(RefundCheck.refundedAmountAgrees(10_000, rows))
                .isEqualTo("refunded_amount 10000, SUCCEEDED refunds 4000");
    }

    private static PlannedRefund asked(String refundId, Long amount) {
        return new PlannedRefund(refundId, amount, "test", Channel.KAFKA, 1, null);
    }

    private static PlannedRefund refusedByTheEdge(String refundId, Long amount, String code) {
        return new PlannedRefund(refundId, amount, "test", Channel.EDGE, 1, code);
    }

    private static PgPayment payment(long total, PgCancel... cancels) {
        long canceled = List.of(cancels).stream().mapToLong(PgCancel::amount).sum();
        return new PgPayment("pk", "PARTIAL_CANCELED", total, total - canceled, List.of(cancels));
    }

    private static RefundRow succeeded(String refundId, long amount, String transactionKey) {
        return row(refundId, "SUCCEEDED", amount, "SHOP", null, transactionKey);
    }

    private static RefundRow failed(String refundId, long amount, String code) {
        return row(refundId, "FAILED", amount, "SHOP", code, null);
    }

    private static RefundRow row(
            String refundId, String status, long amount, String initiator, String code, String transactionKey) {
        String reason = initiator.equals("WORKER") ? "APPROVED_AFTER_END" : "test";
        return new RefundRow(ORDER, refundId, status, amount, reason, initiator, "pk", code, transactionKey);
    }
}
