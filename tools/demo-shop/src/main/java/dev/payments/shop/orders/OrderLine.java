package dev.payments.shop.orders;

import dev.payments.shop.edge.OrderView;
import dev.payments.shop.edge.RefundView;
import java.util.List;

/** One order of the book as the Orders page shows it: read from the payment system, or why it could not be. */
sealed interface OrderLine {

    OrderBook.Entry entry();

    /**
     * The order as the payment system records it, with its refunds, oldest first.
     *
     * @param refundsProblem why the refunds could not be read, or null
     */
    record Read(OrderBook.Entry entry, OrderView order, List<RefundView> refunds, String refundsProblem)
            implements OrderLine {

        public Read {
            refunds = List.copyOf(refunds);
        }

        /**
         * What may still be refunded, as far as the shop can see: the amount less the succeeded refunds and those
         * still under way. The payment system decides in any case; this only says whether to offer a refund.
         */
        long refundableBalance() {
            long underWay = 0;
            for (RefundView refund : refunds) {
                if (refund.requested()) {
                    if (refund.amount() == null) {
                        return 0; // a refund of the whole balance, not yet sized
                    }
                    underWay += refund.amount();
                }
            }
            return Math.max(0, order.amount() - order.refundedAmount() - underWay);
        }

        boolean refundable() {
            return OrderView.COMPLETE.equals(order.status()) && refundableBalance() > 0;
        }

        boolean refundUnderWay() {
            return refunds.stream().anyMatch(RefundView::requested);
        }
    }

    /** The payment system did not show the order: not recorded yet, unavailable, or refused. */
    record Unread(OrderBook.Entry entry, String why) implements OrderLine {}
}
