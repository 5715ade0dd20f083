package dev.payments.shop.orders;

import static dev.payments.shop.web.PageShell.esc;

import dev.payments.shop.catalog.Product;
import dev.payments.shop.edge.OrderView;
import dev.payments.shop.edge.RefundView;
import dev.payments.shop.web.PageShell;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The merchant's pages: the Orders page and what a Refund form answers. Their forms go to the shop only; nothing on
 * them comes from the merchant key but what the edge answered with it.
 */
final class OrdersPages {

    /** How often the Orders page reloads itself while a refund is under way (it has no script). */
    static final int REFRESH_SECONDS = 2;

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** A deposit deadline as the buyer in Korea reads it. */
    private static final DateTimeFormatter KOREAN_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'KST'").withZone(ZoneId.of("Asia/Seoul"));

    private static final String BACK = "/orders";
    private static final String BACK_LABEL = "Back to the orders";

    private final PageShell shell = PageShell.formsToTheShop();

    /**
     * @param notice a line to show above the orders (what the last form did), or null
     */
    ResponseEntity<String> orders(List<OrderLine> lines, String notice) {
        String list = lines.isEmpty()
                ? "<p id=\"no-orders\">No orders yet: order something in the <a href=\"/\">shop</a> first.</p>"
                : lines.stream().map(OrdersPages::order).collect(Collectors.joining("\n"));
        boolean underWay =
                lines.stream().anyMatch(line -> line instanceof OrderLine.Read read && read.refundUnderWay());
        String body = """
                <nav><a id="shop-link" href="/">Shop</a> · <a id="refresh" href="/orders">Refresh</a></nav>
                <h1>Orders (주문 내역)</h1>
                <p>The shop's %d newest orders as the payment system records them, read server-to-server with the
                merchant key. A refund is asked for here and carried out by the payment system; its status follows
                below.%s In a real shop this page sits behind the merchant's login.</p>
                %s%s""".formatted(
                        OrderBook.CAPACITY,
                        underWay ? " This page reloads itself while a refund is under way." : "",
                        notice == null ? "" : "<p id=\"notice\">" + esc(notice) + "</p>\n",
                        list);
        String head = underWay ? "<meta http-equiv=\"refresh\" content=\"" + REFRESH_SECONDS + "\">" : "";
        return shell.page(HttpStatus.OK, "Orders", head, body);
    }

    /** The payment system refused a refund (4xx): its reason, and the way back. */
    ResponseEntity<String> refused(int status, String detail) {
        // the merchant's mistake or the order's state keeps its status; the shop's own (its key, say) is a bad gateway
        HttpStatus answer =
                status == 400 || status == 404 || status == 409 ? HttpStatus.valueOf(status) : HttpStatus.BAD_GATEWAY;
        return shell.error(
                answer,
                "The refund was refused",
                "The payment service answered HTTP " + status + (detail == null ? "" : ": " + detail)
                        + (detail != null && detail.endsWith(".") ? "" : ".") + " No money was moved by this request.",
                "",
                BACK,
                BACK_LABEL);
    }

    /** The payment system could not take the refund now: a retry message and the same form, to send again. */
    ResponseEntity<String> unavailable(RefundPost.Valid refund, Long retryAfterSeconds) {
        String wait = retryAfterSeconds == null
                ? "in a moment"
                : "in " + retryAfterSeconds + (retryAfterSeconds == 1 ? " second" : " seconds");
        String retry = """
                <form id="retry-form" method="post" action="/orders/%s/refunds">
                <input type="hidden" name="refundId" value="%s">
                <input type="hidden" name="amount" value="%s">
                <input type="hidden" name="reason" value="%s">%s
                <p><button type="submit" id="retry">Try again (다시 시도)</button></p>
                </form>""".formatted(
                        esc(refund.orderId()),
                        esc(refund.refundId()),
                        refund.amount() == null ? "" : refund.amount(),
                        esc(refund.reason()),
                        refund.account() == null
                                ? ""
                                : """

                                <input type="hidden" name="bank" value="%s">
                                <input type="hidden" name="accountNumber" value="%s">
                                <input type="hidden" name="holderName" value="%s">""".formatted(
                                                esc(refund.account().bank()),
                                                esc(refund.account().accountNumber()),
                                                esc(refund.account().holderName())));
        return shell.error(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The payment service is unavailable",
                "The refund could not be asked for right now. Please try again " + wait
                        + ": trying again sends the same refund, so it is never refunded twice.",
                retry,
                BACK,
                BACK_LABEL);
    }

    ResponseEntity<String> invalid(String message) {
        return shell.error(HttpStatus.BAD_REQUEST, "The refund form is not valid", message, "", BACK, BACK_LABEL);
    }

    private static String order(OrderLine line) {
        return switch (line) {
            case OrderLine.Read read -> read(read);
            case OrderLine.Unread unread -> unread(unread);
        };
    }

    private static String read(OrderLine.Read line) {
        OrderView order = line.order();
        String status = order.reason() == null || order.reason().isBlank()
                ? esc(order.status())
                : esc(order.status()) + " <span class=\"reason\">(" + esc(order.reason()) + ")</span>";
        return """
                <section class="order" id="order-%s" data-order-id="%s" data-status="%s" data-amount="%d" \
                data-refunded-amount="%d" data-method="%s">
                <h2>%s</h2>
                <dl>
                <dt>Order</dt><dd class="order-id">%s</dd>
                <dt>Amount</dt><dd class="amount">%s</dd>
                <dt>Method</dt><dd class="method">%s</dd>
                <dt>Status</dt><dd class="status">%s</dd>
                <dt>Refunded</dt><dd class="refunded-amount">%s</dd>
                </dl>
                %s%s%s%s</section>""".formatted(
                esc(order.orderId()),
                esc(order.orderId()),
                esc(order.status()),
                order.amount(),
                order.refundedAmount(),
                esc(order.method()),
                esc(order.orderName()),
                esc(order.orderId()),
                esc(Product.won(order.amount())),
                order.method() == null ? "&mdash;" : esc(order.method()),
                status,
                esc(Product.won(order.refundedAmount())),
                order.awaitingDeposit() ? awaitedDeposit(order.virtualAccount()) : "",
                refunds(line.refunds()),
                line.refundsProblem() == null ? "" : "<p class=\"problem\">" + esc(line.refundsProblem()) + "</p>\n",
                line.refundable()
                        ? refundForm(order.orderId(), line.refundableBalance(), order.paidByVirtualAccount())
                        : "");
    }

    /** Where the buyer is to transfer the money, and by when: the order waits for it. */
    private static String awaitedDeposit(OrderView.VirtualAccount account) {
        return """
                <div class="virtual-account">
                <p>Awaiting the buyer's transfer into this virtual account (입금 대기 중):</p>
                <dl>
                <dt>Bank</dt><dd class="va-bank" data-bank-code="%s">%s</dd>
                <dt>Account</dt><dd class="va-account-number">%s</dd>
                <dt>Holder</dt><dd class="va-holder">%s</dd>
                <dt>Deposit by</dt><dd class="va-due-date"><time datetime="%s">%s</time></dd>
                </dl>
                </div>
                """.formatted(
                        esc(account.bankCode()),
                        esc(Banks.label(account.bankCode())),
                        esc(account.accountNumber()),
                        account.customerName() == null ? "&mdash;" : esc(account.customerName()),
                        account.dueDate() == null ? "" : account.dueDate(),
                        account.dueDate() == null ? "&mdash;" : esc(KOREAN_TIME.format(account.dueDate())));
    }

    private static String refunds(List<RefundView> refunds) {
        if (refunds.isEmpty()) {
            return "";
        }
        String rows = refunds.stream()
                .map(refund -> """
                        <tr class="refund" data-refund-id="%s" data-status="%s" data-amount="%s">\
                        <td>%s</td><td>%s</td><td>%s</td><td class="refund-status">%s</td><td>%s</td></tr>""".formatted(
                                esc(refund.refundId()),
                                esc(refund.status()),
                                refund.amount() == null ? "" : refund.amount(),
                                esc(refund.refundId()),
                                refund.amount() == null ? "the whole balance" : esc(Product.won(refund.amount())),
                                esc(refund.reason()),
                                refund.code() == null
                                        ? esc(refund.status())
                                        : esc(refund.status()) + " (" + esc(refund.code()) + ")",
                                esc(time(refund.completedAt()))))
                .collect(Collectors.joining("\n"));
        return """
                <table class="refunds">
                <thead><tr><th>Refund</th><th>Amount</th><th>Reason</th><th>Status</th><th>Completed (UTC)</th></tr></thead>
                <tbody>
                %s
                </tbody>
                </table>
                """.formatted(rows);
    }

    /**
     * The Refund form; a virtual account's also asks for the buyer's refund account (its money cannot go back the way
     * it came).
     */
    private static String refundForm(String orderId, long balance, boolean virtualAccount) {
        return """
                <form class="refund-form" method="post" action="/orders/%s/refunds">
                <input type="hidden" name="refundId" value="%s">
                <p>Refundable: <span class="refundable" data-refundable="%d">%s</span></p>
                <p><label>Amount (won) <input type="number" name="amount" min="1" step="1" placeholder="%d"></label>
                <span class="hint">empty: the whole balance</span></p>
                <p><label>Reason <input type="text" name="reason" value="%s" maxlength="200" required></label></p>
                %s<p><button type="submit" class="refund-button">Refund (환불)</button></p>
                </form>
                """.formatted(
                        esc(orderId),
                        esc(RefundPost.newRefundId()),
                        balance,
                        esc(Product.won(balance)),
                        balance,
                        esc(RefundPost.DEFAULT_REASON),
                        virtualAccount ? refundAccountFields() : "");
    }

    private static String refundAccountFields() {
        String banks = Banks.BY_CODE.keySet().stream()
                .map(code -> "<option value=\"%s\">%s</option>".formatted(esc(code), esc(Banks.label(code))))
                .collect(Collectors.joining());
        return """
                <fieldset class="refund-account"><legend>The buyer's refund account (환불 계좌)</legend>
                <p class="hint">Paid by virtual account: the money goes back into an account of the buyer's.</p>
                <p><label>Bank (은행) <select name="bank" required><option value="">Choose the bank</option>%s</select>\
                </label></p>
                <p><label>Account number (계좌번호) <input type="text" name="accountNumber" inputmode="numeric" \
                maxlength="30" autocomplete="off" required></label></p>
                <p><label>Holder (예금주) <input type="text" name="holderName" maxlength="%d" autocomplete="off" \
                required></label></p>
                </fieldset>
                """.formatted(banks, RefundPost.MAX_HOLDER_NAME);
    }

    private static String unread(OrderLine.Unread line) {
        OrderBook.Entry entry = line.entry();
        return """
                <section class="order" id="order-%s" data-order-id="%s" data-status="">
                <h2>%s</h2>
                <dl>
                <dt>Order</dt><dd class="order-id">%s</dd>
                <dt>Amount</dt><dd class="amount">%s</dd>
                </dl>
                <p class="problem">%s</p>
                </section>""".formatted(
                        esc(entry.orderId()),
                        esc(entry.orderId()),
                        esc(entry.orderName()),
                        esc(entry.orderId()),
                        esc(Product.won(entry.amount())),
                        esc(line.why()));
    }

    private static String time(Instant at) {
        return at == null ? "" : SECONDS.format(at);
    }
}
