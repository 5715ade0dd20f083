package dev.payments.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefundPostTest {

    @Test
    void anEmptyAmountIsTheWholeBalanceAndABlankReasonTheDefault() {
        assertThat(RefundPost.read("shop-order-1", "rf-1", " ", "  "))
                .isEqualTo(new RefundPost.Valid("shop-order-1", "rf-1", null, "Customer request"));
        assertThat(RefundPost.read("shop-order-1", "rf-1", null, null))
                .isEqualTo(new RefundPost.Valid("shop-order-1", "rf-1", null, "Customer request"));
    }

    @Test
    void anAmountMayBeWrittenWithGroupingCommas() {
        assertThat(RefundPost.read("shop-order-1", "rf-1", " 9,600 ", " Damaged in transit "))
                .isEqualTo(new RefundPost.Valid("shop-order-1", "rf-1", 9_600L, "Damaged in transit"));
        assertThat(RefundPost.read("shop-order-1", "rf-1", "1000000000", "x"))
                .isEqualTo(new RefundPost.Valid("shop-order-1", "rf-1", 1_000_000_000L, "x"));
    }

    @Test
    void refusesAnAmountThatIsNoWholeNumberOfWonInTheContractsBounds() {
        for (String amount : new String[] {"0", "-5", "12.5", "abc", "1000000001", "99999999999", "1e3"}) {
            assertThat(RefundPost.read("shop-order-1", "rf-1", amount, "x"))
                    .as(amount)
                    .isInstanceOfSatisfying(RefundPost.Invalid.class, invalid -> assertThat(invalid.message())
                            .contains("whole number of won"));
        }
    }

    @Test
    void refusesIdsThatAreNotTheContractsShape() {
        assertThat(RefundPost.read("short", "rf-1", "", "x")).isInstanceOf(RefundPost.Invalid.class);
        assertThat(RefundPost.read("shop-order-1", null, "", "x")).isInstanceOf(RefundPost.Invalid.class);
        assertThat(RefundPost.read("shop-order-1", "rf 1", "", "x")).isInstanceOf(RefundPost.Invalid.class);
        assertThat(RefundPost.read("shop-order-1", "r".repeat(65), "", "x")).isInstanceOf(RefundPost.Invalid.class);
    }

    @Test
    void everyRenderedFormGetsANewRefundIdOfTheContractsShape() {
        String first = RefundPost.newRefundId();
        String second = RefundPost.newRefundId();

        assertThat(first).matches(RefundPost.REFUND_ID).isNotEqualTo(second);
        assertThat(second).matches(RefundPost.REFUND_ID);
    }
}
