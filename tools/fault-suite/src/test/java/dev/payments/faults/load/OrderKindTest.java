package dev.payments.faults.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The load's mix: the weights are hundredths of the edge's orders. */
class OrderKindTest {

    @Test
    void theWeightsMakeAHundredOfWhichTenArePaidByVirtualAccount() {
        assertThat(Arrays.stream(OrderKind.values()).mapToInt(OrderKind::weight).sum())
                .isEqualTo(100);
        assertThat(Arrays.stream(OrderKind.values())
                        .filter(OrderKind::virtualAccount)
                        .mapToInt(OrderKind::weight)
                        .sum())
                .isEqualTo(10);
    }

    @Test
    void onlyTheKindsAboutTheDeadlineHaveAShortAccountAndEndAtIt() {
        for (OrderKind kind : OrderKind.values()) {
            assertThat(kind.accountValidForSeconds() != null).as(kind.name()).isEqualTo(kind.endsAtDeadline());
        }
        assertThat(OrderKind.VA_RACE.expectedStatus())
                .as("the PG's ledger decides")
                .isNull();
    }

    @Test
    void aDriftKindCappedBecomesAnOrderWithoutDriftPaidTheSameWay() {
        assertThat(Arrays.stream(OrderKind.values()).filter(k -> k.drift() != null))
                .containsExactlyInAnyOrder(
                        OrderKind.APPROVED_AFTER_EXPIRY, OrderKind.CONSOLE_CANCEL, OrderKind.VA_DEPOSIT_UNANNOUNCED);
        for (OrderKind kind : OrderKind.values()) {
            if (kind.drift() != null) {
                assertThat(kind.withoutRefunds().drift()).as(kind.name()).isNull();
                assertThat(kind.withoutRefunds().virtualAccount())
                        .as(kind.name())
                        .isEqualTo(kind.virtualAccount());
                assertThat(kind.withoutRefunds().expectedStatus())
                        .as(kind.name())
                        .isEqualTo(kind.expectedStatus());
            }
        }
    }
}
