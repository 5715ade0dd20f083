package dev.payments.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.shop.edge.RefundAccount;
import org.junit.jupiter.api.Test;

class RefundPostTest {

    @Test
    void anEmptyAmountIsTheWholeBalanceAndABlankReasonTheDefault() {
        assertThat(RefundPost.read("shop-order-1", "rf-1", " ", "  ", null, null, null))
                .isEqualTo(new RefundPost.Valid("shop-order-1", "rf-1", null, "Customer request", null));
        assertThat(RefundPost.read("shop-order-1", "rf-1", null, null, null, null, null))
                .isEqualTo(new RefundPost.Valid("shop-order-1", "rf-1", null, "Customer request", null));
    }

    @Test
    void anAmountMayBeWrittenWithGroupingCommas() {
        assertThat(RefundPost.read("shop-order-1", "rf-1", " 9,600 ", " Damaged in transit ", null, null, null))
                .isEqualTo(new RefundPost.Valid("shop-order-1", "rf-1", 9_600L, "Damaged in transit", null));
        assertThat(RefundPost.read("shop-order-1", "rf-1", "1000000000", "x", null, null, null))
                .isEqualTo(new RefundPost.Valid("shop-order-1", "rf-1", 1_000_000_000L, "x", null));
    }

    @Test
    void refusesAnAmountThatIsNoWholeNumberOfWonInTheContractsBounds() {
        for (String amount : new String[] {"0", "-5", "12.5", "abc", "1000000001", "99999999999", "1e3"}) {
            assertThat(RefundPost.read("shop-order-1", "rf-1", amount, "x", null, null, null))
                    .as(amount)
                    .isInstanceOfSatisfying(RefundPost.Invalid.class, invalid -> assertThat(invalid.message())
                            .contains("whole number of won"));
        }
    }

    @Test
    void refusesIdsThatAreNotTheContractsShape() {
        assertThat(RefundPost.read("short", "rf-1", "", "x", null, null, null)).isInstanceOf(RefundPost.Invalid.class);
        assertThat(RefundPost.read("shop-order-1", null, "", "x", null, null, null))
                .isInstanceOf(RefundPost.Invalid.class);
        assertThat(RefundPost.read("shop-order-1", "rf 1", "", "x", null, null, null))
                .isInstanceOf(RefundPost.Invalid.class);
        assertThat(RefundPost.read("shop-order-1", "r".repeat(65), "", "x", null, null, null))
                .isInstanceOf(RefundPost.Invalid.class);
    }

    @Test
    void everyRenderedFormGetsANewRefundIdOfTheContractsShape() {
        String first = RefundPost.newRefundId();
        String second = RefundPost.newRefundId();

        assertThat(first).matches(RefundPost.REFUND_ID).isNotEqualTo(second);
        assertThat(second).matches(RefundPost.REFUND_ID);
    }

    @Test
    void aRefundAccountIsReadWithItsNumbersDigitsOnly() {
        assertThat(RefundPost.read("shop-order-1", "rf-1", "", "x", " 88 ", " 110-123 456789 ", " 김토스 "))
                .isEqualTo(new RefundPost.Valid(
                        "shop-order-1", "rf-1", null, "x", new RefundAccount("88", "110123456789", "김토스")));
    }

    @Test
    void anAccountFieldPresentMakesAllThreeRequiredAndValid() {
        String[][] bad = {
            {"", "110123456789", "김토스", "Choose the bank"},
            {"99", "110123456789", "김토스", "Choose the bank"},
            {"<b>", "110123456789", "김토스", "Choose the bank"},
            {null, "110123456789", "김토스", "Choose the bank"},
            {"88", "", "김토스", "number: 1 to 20 digits"},
            {"88", "110-12x-456", "김토스", "number: 1 to 20 digits"},
            {"88", "1".repeat(21), "김토스", "number: 1 to 20 digits"},
            {"88", null, "김토스", "number: 1 to 20 digits"},
            {"88", "110123456789", "  ", "holder: 1 to 60 characters"},
            {"88", "110123456789", "김".repeat(61), "holder: 1 to 60 characters"},
            {"88", "110123456789", null, "holder: 1 to 60 characters"}
        };
        for (String[] account : bad) {
            assertThat(RefundPost.read("shop-order-1", "rf-1", "", "x", account[0], account[1], account[2]))
                    .as(String.join("|", String.valueOf(account[0]), String.valueOf(account[1]), account[3]))
                    .isInstanceOfSatisfying(RefundPost.Invalid.class, invalid -> assertThat(invalid.message())
                            .contains(account[3])
                            // the merchant is told what to fix, never shown the values again
                            .doesNotContain("110123456789", "김토스"));
        }
    }

    @Test
    void aRefundAccountNeverShowsItsNumberOrHolderInText() {
        RefundPost refund = RefundPost.read("shop-order-1", "rf-1", "", "x", "88", "110123456789", "김토스");

        assertThat(refund.toString()).contains("88").doesNotContain("110123456789", "김토스");
    }
}
