package dev.payments.worker.order.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.worker.order.MoneyAnomaly;
import dev.payments.worker.order.Rejection;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricReasonsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "PAY_PROCESS_CANCELED",
                "REJECT_CARD_COMPANY",
                "NOT_FOUND_PAYMENT_SESSION",
                "EXPIRED",
                "DEPOSIT_EXPIRED",
                "PG_CANCELED",
                "DEPOSIT_DEADLINE_PASSED",
                "DEPOSIT_SECRET_MISMATCH"
            })
    void keepsTheWorkersReasonsAndThePgsDocumentedCodes(String reason) {
        assertThat(MetricReasons.tag(reason)).isEqualTo(reason);
    }

    @Test
    void keepsEveryRejectionAndMoneyAnomaly() {
        Arrays.stream(Rejection.values())
                .forEach(r -> assertThat(MetricReasons.tag(r.name())).isEqualTo(r.name()));
        Arrays.stream(MoneyAnomaly.values())
                .forEach(a -> assertThat(MetricReasons.tag(a.name())).isEqualTo(a.name()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BUYER_MADE_THIS_UP_1", "pay_process_canceled", "<script>", ""})
    void foldsAnythingElseIntoOther(String reason) {
        assertThat(MetricReasons.tag(reason)).isEqualTo(MetricReasons.OTHER);
    }

    @Test
    void namesAnAbsentReason() {
        assertThat(MetricReasons.tag(null)).isEqualTo(MetricReasons.NONE);
    }
}
