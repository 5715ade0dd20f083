package dev.payments.sandbox.checkout;

import dev.payments.sandbox.payment.CancelCommand;
import dev.payments.sandbox.payment.Payment;
import dev.payments.sandbox.payment.Payments;
import dev.payments.sandbox.payment.TossErrors;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sandbox's stand-in for the payments list of Toss's merchant console, where an operator cancels a payment
 * behind the merchant's system: every order's latest payment, with a cancel form (an amount, blank for the whole
 * balance) on those that can still be cancelled. A cancel here is the automation API's console cancel. Test-only and
 * unauthenticated, like the automation API.
 */
@Controller
class PaymentsConsoleController {

    static final String PATH = "/sandbox/console/payments";

    /** The reason a console cancel records. */
    static final String REASON = "콘솔 취소";

    /** The refund account an operator would type in for a deposited virtual account (a test value). */
    static final String REFUND_BANK = "20";

    static final String REFUND_ACCOUNT_NUMBER = "1002000000000";

    private final Payments payments;
    private final TossErrors errors;

    PaymentsConsoleController(Payments payments, TossErrors errors) {
        this.payments = payments;
        this.errors = errors;
    }

    /** Every order's latest payment, oldest first; {@code orderId} shows only that order's. */
    @GetMapping(PATH)
    ResponseEntity<String> list(@RequestParam(required = false) String orderId) {
        StringBuilder rows = new StringBuilder();
        for (Payment payment : payments.latestPayments()) {
            if (orderId == null || orderId.isBlank() || payment.orderId().equals(orderId)) {
                rows.append(row(payments.snapshot(payment)));
            }
        }
        String body = """
                <h1>결제 내역 (sandbox merchant console)</h1>
                <table id="payments">
                <tr><th>주문번호</th><th>주문명</th><th>결제수단</th><th>금액</th><th>잔액</th><th>상태</th><th></th></tr>
                %s</table>""".formatted(rows);
        return Pages.html(HttpStatus.OK, Pages.document("결제 내역", body));
    }

    /** A cancel made in the console: the cancel API's rules, no Idempotency-Key, counted as a console cancel. */
    @PostMapping(PATH + "/{paymentKey}/cancel")
    ResponseEntity<String> cancel(
            @PathVariable String paymentKey, @RequestParam(required = false) String cancelAmount) {
        return ConsoleController.act(PATH, paymentKey, key -> {
            Payment payment = payments.find(key);
            boolean deposited = payment != null
                    && payment.virtualAccount() != null
                    && payment.status() != Payment.Status.WAITING_FOR_DEPOSIT;
            CancelCommand.RefundAccount account = deposited
                    ? new CancelCommand.RefundAccount(
                            REFUND_BANK,
                            REFUND_ACCOUNT_NUMBER,
                            payment.virtualAccount().customerName())
                    : null;
            return payments.cancel(key, new CancelCommand(REASON, amount(cancelAmount), null, account), true);
        });
    }

    private Long amount(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw errors.of("INVALID_REQUEST", "cancelAmount는 정수여야 합니다.");
        }
    }

    private static String row(Map<String, Object> payment) {
        String orderId = Html.escape(payment.get("orderId"));
        String status = (String) payment.get("status");
        long balance = ((Number) payment.get("balanceAmount")).longValue();
        boolean cancelable =
                switch (status) {
                    case "DONE", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT" -> balance > 0;
                    default -> false;
                };
        String form = cancelable ? """
                <form method="post" action="%s/%s/cancel"><input type="number" name="cancelAmount" id="cancel-amount-%s" placeholder="전액 (whole)"><button type="submit" id="console-cancel-%s">취소 (cancel)</button></form>""".formatted(PATH, Html.escape(payment.get("paymentKey")), orderId, orderId) : "";
        return """
                <tr id="pay-%s"><td>%s</td><td>%s</td><td>%s</td><td>%s원</td><td>%s원</td><td class="status">%s</td><td>%s</td></tr>
                """.formatted(
                        orderId,
                        orderId,
                        Html.escape(payment.get("orderName")),
                        Html.escape(payment.get("method")),
                        Html.escape(Pages.won(((Number) payment.get("totalAmount")).longValue())),
                        Html.escape(Pages.won(balance)),
                        Html.escape(status),
                        form);
    }
}
