package dev.payments.shop.orders;

import dev.payments.shop.edge.EdgeClient;
import dev.payments.shop.edge.EdgeRefusedException;
import dev.payments.shop.edge.EdgeUnavailableException;
import dev.payments.shop.edge.OrderView;
import dev.payments.shop.edge.RefundView;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The merchant's view of the shop's orders, and its refunds, through the edge with the merchant key. */
@Service
class MerchantOrders {

    private static final Logger log = LoggerFactory.getLogger(MerchantOrders.class);

    static final String UNAVAILABLE = "The payment service could not be reached; try again in a moment.";

    private final OrderBook book;
    private final EdgeClient edge;

    MerchantOrders(OrderBook book, EdgeClient edge) {
        this.book = book;
        this.edge = edge;
    }

    /** Every order of the book, newest first, as the payment system records it right now. */
    List<OrderLine> overview() {
        List<OrderLine> lines = new ArrayList<>();
        boolean edgeDown = false;
        for (OrderBook.Entry entry : book.newestFirst()) {
            if (edgeDown) {
                // one unreachable edge is enough: do not wait for its timeout once per order
                lines.add(new OrderLine.Unread(entry, UNAVAILABLE));
                continue;
            }
            try {
                lines.add(read(entry));
            } catch (EdgeRefusedException e) {
                lines.add(new OrderLine.Unread(entry, refused(e)));
            } catch (EdgeUnavailableException e) {
                log.warn("Orders page: the payment service is unavailable: {}", e.getMessage());
                edgeDown = true;
                lines.add(new OrderLine.Unread(entry, UNAVAILABLE));
            }
        }
        return lines;
    }

    /** Asks the payment system for a refund; see {@link EdgeClient#refund}. */
    void refund(RefundPost.Valid refund) {
        edge.refund(refund.orderId(), refund.refundId(), refund.amount(), refund.reason(), refund.account());
        // the refund account, if any, is the buyer's: only that there is one
        log.info(
                "Refund {} of order {} requested ({}{})",
                refund.refundId(),
                refund.orderId(),
                refund.amount() == null ? "the whole balance" : refund.amount() + " won",
                refund.account() == null ? "" : ", into the buyer's refund account");
    }

    private OrderLine read(OrderBook.Entry entry) {
        // the refunds before the order: a refund read as SUCCEEDED is then already in the order's refundedAmount
        List<RefundView> refunds = List.of();
        String refundsProblem = null;
        try {
            refunds = edge.refunds(entry.orderId());
        } catch (EdgeRefusedException e) {
            refundsProblem = "Its refunds could not be read: " + answered(e);
        } catch (EdgeUnavailableException e) {
            refundsProblem = "Its refunds could not be read: " + UNAVAILABLE;
        }
        OrderView order = edge.order(entry.orderId());
        return new OrderLine.Read(entry, order, refunds, refundsProblem);
    }

    private static String refused(EdgeRefusedException e) {
        return e.status() == 404 ? "Not recorded by the payment system yet." : answered(e);
    }

    private static String answered(EdgeRefusedException e) {
        return "the payment service answered HTTP " + e.status() + (e.detail() == null ? "." : ": " + e.detail());
    }
}
