package dev.payments.sandbox.checkout;

import dev.payments.sandbox.SandboxProperties;
import dev.payments.sandbox.payment.OpenSession;
import dev.payments.sandbox.payment.Payment;
import dev.payments.sandbox.payment.Payments;
import dev.payments.sandbox.payment.TossErrors;
import dev.payments.sandbox.payment.TossException;
import dev.payments.sandbox.payment.TossTime;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The payment window (the popup Toss's SDK opens): opening it creates the payment session (READY); Pay authenticates
 * (IN_PROGRESS) and sends the buyer to successUrl, Decline to failUrl with REJECT_CARD_COMPANY, Cancel to failUrl with
 * PAY_PROCESS_CANCELED and no orderId. Only the merchant's confirm approves.
 */
@Controller
class CheckoutController {

    private static final Logger log = LoggerFactory.getLogger(CheckoutController.class);
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    private static final String CSP =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; base-uri 'none'";

    private final Payments payments;
    private final TossErrors errors;
    private final SandboxProperties properties;

    CheckoutController(Payments payments, TossErrors errors, SandboxProperties properties) {
        this.payments = payments;
        this.errors = errors;
        this.properties = properties;
    }

    @GetMapping("/sandbox/checkout")
    ResponseEntity<String> open(
            @RequestParam(required = false) String clientKey,
            @RequestParam(required = false) String orderId,
            @RequestParam(required = false) String orderName,
            @RequestParam(required = false) String amount,
            @RequestParam(required = false) String successUrl,
            @RequestParam(required = false) String failUrl,
            @RequestParam(required = false) String customerName,
            @RequestParam(required = false) String customerEmail) {
        return page(() -> {
            if (!clientKeyAccepted(clientKey)) {
                throw errors.of("UNAUTHORIZED_KEY");
            }
            if (!RedirectUrls.isValid(successUrl) || !RedirectUrls.isValid(failUrl)) {
                throw errors.of("INVALID_REQUEST", "successUrl, failUrl은 http(s) 절대 URL이어야 합니다.");
            }
            long value;
            try {
                value = Long.parseLong(amount == null ? "" : amount.strip());
            } catch (NumberFormatException e) {
                throw errors.of("INVALID_REQUEST", "amount는 정수여야 합니다.");
            }
            Payment payment = payments.open(new OpenSession(
                    orderId, orderName, value, customerName, customerEmail, successUrl, failUrl, null, null));
            return html(HttpStatus.OK, window(payment));
        });
    }

    @GetMapping("/sandbox/checkout/{paymentKey}")
    ResponseEntity<String> reopen(@PathVariable String paymentKey) {
        return page(() -> {
            Payment payment = payments.find(paymentKey);
            if (payment == null) {
                throw errors.of("NOT_FOUND_PAYMENT_SESSION");
            }
            return html(HttpStatus.OK, window(payment));
        });
    }

    @PostMapping("/sandbox/checkout/{paymentKey}/pay")
    ResponseEntity<String> pay(@PathVariable String paymentKey) {
        return page(() -> {
            Payment payment = payments.authenticate(paymentKey);
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("paymentKey", payment.paymentKey());
            parameters.put("orderId", payment.orderId());
            parameters.put("amount", Long.toString(payment.totalAmount()));
            parameters.put("paymentType", "NORMAL");
            return redirect(payment.successUrl(), parameters);
        });
    }

    @PostMapping("/sandbox/checkout/{paymentKey}/decline")
    ResponseEntity<String> decline(@PathVariable String paymentKey) {
        return page(() -> {
            Payment payment = payments.decline(paymentKey);
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("code", "REJECT_CARD_COMPANY");
            parameters.put("message", TossErrors.message("REJECT_CARD_COMPANY"));
            parameters.put("orderId", payment.orderId());
            return redirect(payment.failUrl(), parameters);
        });
    }

    @PostMapping("/sandbox/checkout/{paymentKey}/cancel")
    ResponseEntity<String> cancel(@PathVariable String paymentKey) {
        return page(() -> {
            Payment payment = payments.buyerCanceled(paymentKey);
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("code", "PAY_PROCESS_CANCELED");
            parameters.put("message", TossErrors.message("PAY_PROCESS_CANCELED"));
            return redirect(payment.failUrl(), parameters);
        });
    }

    @GetMapping("/sandbox/receipts/{paymentKey}")
    ResponseEntity<String> receipt(@PathVariable String paymentKey) {
        return page(() -> {
            Payment payment = payments.find(paymentKey);
            if (payment == null || !payment.isApproved()) {
                throw errors.of("NOT_FOUND_PAYMENT");
            }
            String body = """
                    <h1>영수증 (sandbox receipt)</h1>
                    <dl>
                      <dt>주문번호</dt><dd id="orderId">%s</dd>
                      <dt>주문명</dt><dd>%s</dd>
                      <dt>결제금액</dt><dd>%s원</dd>
                      <dt>승인시각</dt><dd>%s</dd>
                    </dl>""".formatted(
                            Html.escape(payment.orderId()),
                            Html.escape(payment.orderName()),
                            Html.escape(won(payment.totalAmount())),
                            Html.escape(TossTime.format(payment.approvedAt())));
            return html(HttpStatus.OK, document("영수증", body));
        });
    }

    private boolean clientKeyAccepted(String clientKey) {
        if (properties.clientKey().isEmpty()) {
            return clientKey != null && !clientKey.isBlank();
        }
        return clientKey != null
                && MessageDigest.isEqual(
                        clientKey.getBytes(StandardCharsets.UTF_8),
                        properties.clientKey().getBytes(StandardCharsets.UTF_8));
    }

    private ResponseEntity<String> redirect(String url, Map<String, String> parameters) {
        if (url == null) {
            throw errors.of("INVALID_REQUEST", "이 결제에는 successUrl/failUrl이 없습니다 (headless session).");
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create(RedirectUrls.append(url, parameters)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    private ResponseEntity<String> page(Supplier<ResponseEntity<String>> action) {
        try {
            return action.get();
        } catch (TossException e) {
            log.debug("Payment window refused: {}", e.code());
            String body = """
                    <h1>결제를 진행할 수 없습니다</h1>
                    <p>code: <code id="code">%s</code></p>
                    <p id="message">%s</p>""".formatted(Html.escape(e.code()), Html.escape(e.getMessage()));
            return html(HttpStatus.valueOf(e.status()), document("오류", body));
        }
    }

    private static String window(Payment payment) {
        String base = "/sandbox/checkout/" + Html.escape(payment.paymentKey());
        String customer = payment.customerName() == null ? "" : payment.customerName();
        String body = """
                <h1>토스페이먼츠 결제 (sandbox)</h1>
                <dl>
                  <dt>주문명</dt><dd id="orderName">%s</dd>
                  <dt>주문번호</dt><dd id="orderId">%s</dd>
                  <dt>결제금액</dt><dd id="amount">%s원</dd>
                  <dt>구매자</dt><dd id="customerName">%s</dd>
                  <dt>상태</dt><dd id="status">%s</dd>
                </dl>
                <form method="post" action="%s/pay"><button type="submit" id="pay">결제하기 (Pay)</button></form>
                <form method="post" action="%s/decline"><button type="submit" id="decline">카드사 거절 (Decline)</button></form>
                <form method="post" action="%s/cancel"><button type="submit" id="cancel">취소 (Cancel)</button></form>""".formatted(
                        Html.escape(payment.orderName()),
                        Html.escape(payment.orderId()),
                        Html.escape(won(payment.totalAmount())),
                        Html.escape(customer),
                        Html.escape(payment.status()),
                        base,
                        base,
                        base);
        return document("결제", body);
    }

    private static String document(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="ko">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto}form{display:inline}
                button{margin:.25rem;padding:.5rem 1rem}</style></head>
                <body>
                %s
                </body>
                </html>
                """.formatted(Html.escape(title), body);
    }

    private static String won(long amount) {
        return NumberFormat.getIntegerInstance(Locale.KOREA).format(amount);
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .contentType(HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }
}
