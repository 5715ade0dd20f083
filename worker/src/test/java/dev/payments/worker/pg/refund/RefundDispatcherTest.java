package dev.payments.worker.pg.refund;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.worker.pg.client.TossPayment;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the refund job reads from the PG's payment, apart from the PG calls its integration test covers. */
class RefundDispatcherTest {

    private static final RefundJob JOB =
            new RefundJob("order-123456", "r1", "tgen_ours", 5_000, "고객 변심", "refund-order-123456-r1", 1, 1, null);

    private static TossPayment payment(String paymentKey, String orderId, Long balance, TossPayment.Cancel... cancels) {
        return new TossPayment(
                paymentKey,
                orderId,
                "PARTIAL_CANCELED",
                15_000L,
                null,
                "카드",
                null,
                balance,
                List.of(cancels),
                "tx",
                null,
                null,
                null);
    }

    private static TossPayment.Cancel cancel(Long refundableAmount) {
        return new TossPayment.Cancel(
                5_000L, "고객 변심", OffsetDateTime.parse("2026-11-24T10:00:00+09:00"), "tx", refundableAmount, "DONE");
    }

    @Test
    void theBalanceAfterOurCancelIsTheEntrysOwnRecordNotTheBalanceSinceThen() {
        // a later cancel of another refund already shrank the payment's balance
        TossPayment.Cancel ours = cancel(10_000L);

        assertThat(RefundDispatcher.balanceAfter(payment("tgen_ours", "order-123456", 7_000L, ours), ours))
                .isEqualTo(10_000L);
    }

    @Test
    void anEntryWithoutItsBalanceFallsBackToThePaymentsBalance() {
        TossPayment.Cancel ours = cancel(null);

        assertThat(RefundDispatcher.balanceAfter(payment("tgen_ours", "order-123456", 10_000L, ours), ours))
                .isEqualTo(10_000L);
    }

    @Test
    void aPaymentIsBelievedOnlyForOurPaymentKeyAndOrderId() {
        assertThat(RefundDispatcher.differingFields(JOB, payment("tgen_ours", "order-123456", 0L)))
                .isEmpty();
        assertThat(RefundDispatcher.differingFields(JOB, payment("tgen_other", "order-123456", 0L)))
                .contains("paymentKey");
        assertThat(RefundDispatcher.differingFields(JOB, payment("tgen_ours", "order-other", 0L)))
                .contains("orderId");
        assertThat(RefundDispatcher.differingFields(JOB, payment(null, null, 0L)))
                .contains("paymentKey, orderId");
    }
}
