package dev.payments.sandbox.checkout;

import dev.payments.sandbox.SandboxProperties;
import dev.payments.sandbox.payment.Method;
import dev.payments.sandbox.payment.OpenSession;
import dev.payments.sandbox.payment.Payment;
import dev.payments.sandbox.payment.Payments;
import dev.payments.sandbox.payment.TossErrors;
import dev.payments.sandbox.payment.TossException;
import dev.payments.sandbox.payment.TossTime;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The payment window (the page Toss's SDK opens): opening it creates the payment session (READY); Pay, with the method
 * chosen among 카드, 가상계좌, 간편결제, 계좌이체, 휴대폰 (preselected from requestPayment's), authenticates (IN_PROGRESS)
 * and sends the buyer to successUrl, Decline to failUrl with REJECT_CARD_COMPANY, Cancel to failUrl with
 * PAY_PROCESS_CANCELED and no orderId. Only the merchant's confirm approves (or issues the virtual account).
 */
@Controller
class CheckoutController {

    private static final Logger log = LoggerFactory.getLogger(CheckoutController.class);

    private final Payments payments;
    private final TossErrors errors;
    private final SandboxProperties properties;

    CheckoutController(Payments payments, TossErrors errors, SandboxProperties properties) {
        this.payments = payments;
        this.errors = errors;
        this.properties = properties;
    }

    /**
     * What requestPayment hands the window, as query parameters: {@code method} in Korean or English, optional (the
     * window then preselects a card), {@code customerName} and {@code customerEmail} optional.
     */
    record WindowRequest(
            String clientKey,
            String method,
            String orderId,
            String orderName,
            String amount,
            String successUrl,
            String failUrl,
            String customerName,
            String customerEmail) {}

    @GetMapping("/sandbox/checkout")
    ResponseEntity<String> open(WindowRequest request) {
        return page(() -> {
            OpenSession session = session(request);
            Payment payment = payments.open(session);
            return Pages.html(HttpStatus.OK, window(payment, session.method()));
        });
    }

    /**
     * What the SDK script asks before it navigates to the window: the window's checks without opening anything;
     * {@code 204}, or the Toss error as {@code {code, message}} for the script's rejected promise. Readable from any
     * shop origin (CORS), as the SDK is.
     */
    @GetMapping("/sandbox/checkout/validate")
    ResponseEntity<Map<String, Object>> validate(WindowRequest request) {
        ResponseEntity.BodyBuilder answer;
        Map<String, Object> body = null;
        try {
            payments.check(session(request));
            answer = ResponseEntity.status(HttpStatus.NO_CONTENT);
        } catch (TossException e) {
            body = new LinkedHashMap<>();
            body.put("code", e.code());
            body.put("message", e.getMessage());
            answer = ResponseEntity.status(e.status());
        }
        return answer.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    @GetMapping("/sandbox/checkout/{paymentKey}")
    ResponseEntity<String> reopen(@PathVariable String paymentKey) {
        return page(() -> {
            Payment payment = payments.find(paymentKey);
            if (payment == null) {
                throw errors.of("NOT_FOUND_PAYMENT_SESSION");
            }
            return Pages.html(HttpStatus.OK, window(payment, payment.method()));
        });
    }

    @PostMapping("/sandbox/checkout/{paymentKey}/pay")
    ResponseEntity<String> pay(@PathVariable String paymentKey, @RequestParam(required = false) String method) {
        return page(() -> {
            Payment payment = payments.authenticate(paymentKey, method(method));
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
                            Html.escape(Pages.won(payment.totalAmount())),
                            Html.escape(TossTime.format(payment.approvedAt())));
            return Pages.html(HttpStatus.OK, Pages.document("영수증", body));
        });
    }

    /** The window's parameters as a session to open; refuses a wrong client key, bad URLs, amount or method. */
    private OpenSession session(WindowRequest r) {
        if (!clientKeyAccepted(r.clientKey())) {
            throw errors.of("UNAUTHORIZED_KEY");
        }
        Method requested = method(r.method());
        if (!RedirectUrls.isValid(r.successUrl()) || !RedirectUrls.isValid(r.failUrl())) {
            throw errors.of("INVALID_REQUEST", "successUrl, failUrl은 http(s) 절대 URL이어야 합니다.");
        }
        long value;
        try {
            value = Long.parseLong(r.amount() == null ? "" : r.amount().strip());
        } catch (NumberFormatException e) {
            throw errors.of("INVALID_REQUEST", "amount는 정수여야 합니다.");
        }
        return new OpenSession(
                r.orderId(),
                r.orderName(),
                value,
                r.customerName(),
                r.customerEmail(),
                r.successUrl(),
                r.failUrl(),
                null,
                null,
                requested,
                null);
    }

    /** The method named in Korean or English; absent: null; unknown: NOT_SUPPORTED_METHOD. */
    private Method method(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        Method method = Method.of(name);
        if (method == null) {
            throw errors.of("NOT_SUPPORTED_METHOD");
        }
        return method;
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

    private static ResponseEntity<String> page(Supplier<ResponseEntity<String>> action) {
        try {
            return action.get();
        } catch (TossException e) {
            log.debug("Payment window refused: {}", e.code());
            return Pages.error(e);
        }
    }

    /** The window, {@code preselected} (else the method the shop asked for, else a card) checked. */
    private static String window(Payment payment, Method preselected) {
        String base = "/sandbox/checkout/" + Html.escape(payment.paymentKey());
        String customer = payment.customerName() == null ? "" : payment.customerName();
        Method checked = preselected != null
                ? preselected
                : payment.requestedMethod() != null ? payment.requestedMethod() : Method.CARD;
        StringBuilder methods = new StringBuilder();
        for (Method method : Method.values()) {
            methods.append("""
                      <label><input type="radio" name="method" value="%s" id="method-%s"%s> %s</label>
                    """.formatted(
                    method.name(), method.name(), method == checked ? " checked" : "", Html.escape(method.korean())));
        }
        String body = """
                <h1>토스페이먼츠 결제 (sandbox)</h1>
                <dl>
                  <dt>주문명</dt><dd id="orderName">%s</dd>
                  <dt>주문번호</dt><dd id="orderId">%s</dd>
                  <dt>결제금액</dt><dd id="amount">%s원</dd>
                  <dt>구매자</dt><dd id="customerName">%s</dd>
                  <dt>상태</dt><dd id="status">%s</dd>
                </dl>
                <form method="post" action="%s/pay">
                  <fieldset><legend>결제수단</legend>
                %s  </fieldset>
                  <button type="submit" id="pay">결제하기 (Pay)</button></form>
                <form method="post" action="%s/decline"><button type="submit" id="decline">카드사 거절 (Decline)</button></form>
                <form method="post" action="%s/cancel"><button type="submit" id="cancel">취소 (Cancel)</button></form>""".formatted(
                        Html.escape(payment.orderName()),
                        Html.escape(payment.orderId()),
                        Html.escape(Pages.won(payment.totalAmount())),
                        Html.escape(customer),
                        Html.escape(payment.status()),
                        base,
                        methods,
                        base,
                        base);
        return Pages.document("결제", body);
    }
}
