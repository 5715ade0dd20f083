package dev.payments.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderBookTest {

    @Test
    void keepsTheNewestOrdersFirstAndForgetsTheOldestBeyondItsCapacity() {
        OrderBook book = new OrderBook(3);
        for (int i = 1; i <= 5; i++) {
            book.add(entry(i));
        }

        assertThat(book.newestFirst()).containsExactly(entry(5), entry(4), entry(3));
    }

    @Test
    void anOrderIssuedAgainMovesToTheFrontInsteadOfShowingTwice() {
        OrderBook book = new OrderBook(3);
        book.add(entry(1));
        book.add(entry(2));

        book.add(entry(1));

        assertThat(book.newestFirst()).containsExactly(entry(1), entry(2));
    }

    private static OrderBook.Entry entry(int i) {
        return new OrderBook.Entry("shop-order-" + i, "Order " + i, 1_000L * i);
    }
}
