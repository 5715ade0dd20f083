package dev.payments.sandbox.checkout;

import dev.payments.sandbox.payment.Payment;
import dev.payments.sandbox.payment.Payments;
import dev.payments.sandbox.payment.TossException;
import dev.payments.sandbox.payment.VirtualAccounts;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sandbox's stand-in for Toss's developer console (test mode), where deposits into virtual accounts are made: a
 * page listing the issued accounts, with 입금하기 (deposit) on those awaiting their deposit and 입금 취소 (reverse) on
 * those deposited. Test-only and unauthenticated, like the automation API.
 */
@Controller
class ConsoleController {

    static final String PATH = "/sandbox/console/virtual-accounts";

    private final Payments payments;
    private final VirtualAccounts virtualAccounts;

    ConsoleController(Payments payments, VirtualAccounts virtualAccounts) {
        this.payments = payments;
        this.virtualAccounts = virtualAccounts;
    }

    /** The issued virtual accounts, oldest first; {@code orderId} shows only that order's. */
    @GetMapping(PATH)
    ResponseEntity<String> list(@RequestParam(required = false) String orderId) {
        StringBuilder rows = new StringBuilder();
        for (Payment payment : payments.virtualAccounts()) {
            if (orderId == null || orderId.isBlank() || payment.orderId().equals(orderId)) {
                rows.append(row(payments.snapshot(payment)));
            }
        }
        String body = """
                <h1>가상계좌 입금 (sandbox developer console)</h1>
                <table id="virtual-accounts">
                <tr><th>주문번호</th><th>주문명</th><th>금액</th><th>은행</th><th>계좌번호</th><th>예금주</th><th>입금기한</th><th>상태</th><th></th></tr>
                %s</table>""".formatted(rows);
        return Pages.html(HttpStatus.OK, Pages.document("가상계좌 입금", body));
    }

    @PostMapping(PATH + "/{paymentKey}/deposit")
    ResponseEntity<String> deposit(@PathVariable String paymentKey) {
        return act(paymentKey, key -> virtualAccounts.deposit(key, VirtualAccounts.Deposit.PLAIN));
    }

    @PostMapping(PATH + "/{paymentKey}/reverse")
    ResponseEntity<String> reverse(@PathVariable String paymentKey) {
        return act(paymentKey, virtualAccounts::reverse);
    }

    private static ResponseEntity<String> act(String paymentKey, Function<String, Map<String, Object>> action) {
        return act(PATH, paymentKey, action);
    }

    /** Does it, then back to {@code page} showing the order (303); a refusal (a bounced transfer) shows its code. */
    static ResponseEntity<String> act(String page, String paymentKey, Function<String, Map<String, Object>> action) {
        try {
            Map<String, Object> payment = action.apply(paymentKey);
            String back =
                    page + "?orderId=" + URLEncoder.encode((String) payment.get("orderId"), StandardCharsets.UTF_8);
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .location(URI.create(back))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build();
        } catch (TossException e) {
            return Pages.error(e);
        }
    }

    private static String row(Map<String, Object> payment) {
        @SuppressWarnings("unchecked")
        Map<String, Object> account = (Map<String, Object>) payment.get("virtualAccount");
        String orderId = (String) payment.get("orderId");
        String status = (String) payment.get("status");
        String base = PATH + "/" + Html.escape(payment.get("paymentKey"));
        String button =
                switch (status) {
                    case "WAITING_FOR_DEPOSIT" ->
                        Boolean.TRUE.equals(account.get("expired"))
                                ? "입금기한 지남 (expired)"
                                : """
                                <form method="post" action="%s/deposit"><button type="submit" id="deposit-%s">입금하기 (deposit)</button></form>""".formatted(base, Html.escape(orderId));
                    case "DONE" -> """
                            <form method="post" action="%s/reverse"><button type="submit" id="reverse-%s">입금 취소 (reverse)</button></form>""".formatted(base, Html.escape(orderId));
                    default -> "";
                };
        return """
                <tr id="va-%s"><td>%s</td><td>%s</td><td>%s원</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class="status">%s</td><td>%s</td></tr>
                """.formatted(
                        Html.escape(orderId),
                        Html.escape(orderId),
                        Html.escape(payment.get("orderName")),
                        Html.escape(Pages.won(((Number) payment.get("totalAmount")).longValue())),
                        Html.escape(account.get("bankCode")),
                        Html.escape(account.get("accountNumber")),
                        Html.escape(account.get("customerName")),
                        Html.escape(account.get("dueDate")),
                        Html.escape(status),
                        button);
    }
}
