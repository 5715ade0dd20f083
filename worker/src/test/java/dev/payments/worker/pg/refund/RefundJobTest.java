package dev.payments.worker.pg.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.schemas.OrderId;
import dev.payments.schemas.RefundId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefundJobTest {

    private static RefundJob job(String orderId, String refundId, int generation) {
        return new RefundJob(
                orderId,
                refundId,
                "tgen_key",
                5_000,
                "고객 변심",
                RefundJob.idempotencyKeyFor(orderId, refundId, generation),
                generation,
                1,
                null);
    }

    @Test
    void theRowIsKeyedByOrderAndRefund() {
        RefundJob job = job("order-123456", "refund-1", 1);

        assertThat(job.jobKey()).isEqualTo("order-123456:refund-1");
        assertThat(job.orderId()).as("logs still name the order").isEqualTo("order-123456");
    }

    @Test
    void theFirstKeyNamesTheRefundAndLaterKeysCountTheirGeneration() {
        assertThat(RefundJob.idempotencyKeyFor("order-123456", "r1", 1)).isEqualTo("refund-order-123456-r1");
        assertThat(RefundJob.idempotencyKeyFor("order-123456", "r1", 2)).isEqualTo("refund-order-123456-r1.2");
        assertThat(job("order-123456", "r1", 2).nextIdempotencyKey()).isEqualTo("refund-order-123456-r1.3");
        assertThatThrownBy(() -> RefundJob.idempotencyKeyFor("order-123456", "r1", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** One payment's cancels share a URL, and the PG keys idempotency by key and URL: keys must never meet. */
    @Test
    void noKeyOfOneRefundIsEverAKeyOfAnotherRefundOfTheSameOrder() {
        Set<String> keys = new HashSet<>();
        int made = 0;
        for (String refundId : new String[] {"r", "r-2", "r-2-2", "r2", "r-", "-2"}) {
            assertThat(RefundId.isValid(refundId)).isTrue();
            for (int generation = 1; generation <= 3; generation++) {
                keys.add(RefundJob.idempotencyKeyFor("order-123456", refundId, generation));
                made++;
            }
        }
        assertThat(keys).hasSize(made);
    }

    @Test
    void theLongestIdsStillMakeAKeyThePgAccepts() {
        String orderId = "o".repeat(OrderId.MAX_LENGTH);
        String refundId = "r".repeat(RefundId.MAX_LENGTH);
        assertThat(RefundId.isValid(refundId)).isTrue();

        assertThat(RefundJob.idempotencyKeyFor(orderId, refundId, 999)).hasSizeLessThanOrEqualTo(300);
        assertThat(RefundJob.jobKeyOf(orderId, refundId)).hasSizeLessThanOrEqualTo(140);
    }
}
