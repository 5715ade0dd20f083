package dev.payments.edge.pg;

import dev.payments.edge.EdgeProperties;
import dev.payments.edge.web.QueryParameters;
import dev.payments.schemas.OrderId;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /orders/{orderId}/result?token=}: where the PG redirects end, for the buyer. A static script polls the
 * order and its timeline with its token and shows what was bought, the amount, the payment method and the status in
 * plain words; while the order awaits a virtual account's deposit, the account, the amount to transfer and the
 * deadline, until the deposit ({@code COMPLETE}) or the deadline ({@code CANCEL}, {@code DEPOSIT_EXPIRED}). It stops
 * once the order is terminal. A link leads back to the shop when {@code payments.edge.shop-url} is set. The page carries
 * the values only as HTML-escaped attributes, never inside script, the script writes only text, and the page forbids
 * inline script and style, framing and referrers (the URL holds the token).
 *
 * <p>Stable hooks for browser tests: {@code #status} holds the status code and gets {@code data-terminal="true"} once
 * the order is terminal and the page is final, {@code #status-text} the status in words, {@code #detail} the reason
 * in words; {@code #order-name}, {@code #amount}, {@code #method}; {@code #virtual-account} (shown only while
 * {@code AWAITING_DEPOSIT}) with {@code #bank}, {@code #account-number}, {@code #account-holder},
 * {@code #deposit-amount}, {@code #due-date} (its {@code datetime} the ISO instant); {@code #back-to-shop} (absent
 * without a shop URL); {@code #steps li[data-reached]}; {@code #timeline tbody tr}.
 */
@RestController
class ResultPageController {

    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** The link back to the shop, escaped once; empty without a shop URL. */
    private final String backToShop;

    ResultPageController(EdgeProperties properties) {
        URI shopUrl = properties.edge().shopUrl();
        this.backToShop = shopUrl == null
                ? ""
                : "<p><a id=\"back-to-shop\" href=\"%s\">쇼핑몰로 돌아가기 <span lang=\"en\">(Back to the shop)</span></a></p>"
                        .formatted(HtmlUtils.htmlEscape(shopUrl.toString()));
    }

    @GetMapping(path = "/orders/{orderId}/result", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> resultPage(@PathVariable String orderId, HttpServletRequest request) {
        var params = QueryParameters.of(request);
        if (!OrderId.isValid(orderId)) {
            params.reject("orderId", OrderId.EXPECTATION);
        }
        String token = params.required("token", 512);
        params.throwIfInvalid();

        String id = HtmlUtils.htmlEscape(orderId);
        String html = """
                <!doctype html>
                <html lang="ko">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="no-referrer">
                <title>결제 결과 (Payment result)</title>
                <link rel="stylesheet" href="../../result-page.css">
                </head>
                <body>
                <main id="result" data-order-id="%1$s" data-token="%2$s">
                <h1>결제 결과 <span lang="en">(Payment result)</span></h1>
                <dl id="summary">
                <dt>주문 상품 <span lang="en">(Order)</span></dt><dd id="order-name">&hellip;</dd>
                <dt>결제 금액 <span lang="en">(Amount)</span></dt><dd id="amount">&hellip;</dd>
                <dt>결제 수단 <span lang="en">(Payment method)</span></dt><dd id="method">&hellip;</dd>
                <dt>주문 번호 <span lang="en">(Order number)</span></dt><dd id="order-id">%1$s</dd>
                </dl>
                <p id="status-line"><span id="status-text" aria-live="polite">확인 중&hellip; (Checking&hellip;)</span>
                <strong id="status">checking&hellip;</strong></p>
                <p id="detail" hidden></p>
                <section id="virtual-account" hidden>
                <h2>입금 계좌 <span lang="en">(Transfer to this account)</span></h2>
                <dl>
                <dt>은행 <span lang="en">(Bank)</span></dt><dd id="bank"></dd>
                <dt>계좌번호 <span lang="en">(Account number)</span></dt><dd id="account-number"></dd>
                <dt>예금주 <span lang="en">(Account holder)</span></dt><dd id="account-holder"></dd>
                <dt>입금하실 금액 <span lang="en">(Amount to transfer)</span></dt><dd id="deposit-amount"></dd>
                <dt>입금 기한 <span lang="en">(Deposit deadline)</span></dt><dd><time id="due-date"></time></dd>
                </dl>
                <p>기한까지 정확히 이 금액을 입금해 주세요. 입금이 확인되면 이 페이지가 바뀝니다.
                <span lang="en">(Transfer exactly this amount before the deadline; this page changes once the deposit
                arrives. Past the deadline the order is cancelled.)</span></p>
                </section>
                %3$s
                <h2>진행 단계 <span lang="en">(Steps)</span></h2>
                <ol id="steps">
                <li data-step="PREPAY">PREPAY</li>
                <li data-step="IN_PROGRESS">IN_PROGRESS</li>
                <li data-step="SUCCESS">SUCCESS</li>
                <li data-step="AWAITING_DEPOSIT" hidden>AWAITING_DEPOSIT</li>
                <li data-step="COMPLETE">COMPLETE</li>
                <li id="end-step" hidden></li>
                </ol>
                <h2>기록 <span lang="en">(Timeline)</span></h2>
                <table id="timeline">
                <thead><tr><th>type</th><th>result</th><th>reason</th><th>status</th><th>at</th></tr></thead>
                <tbody></tbody>
                </table>
                <noscript>JavaScript를 켜면 결제 상태를 여기에서 볼 수 있습니다. (Enable JavaScript to follow your payment
                here; the shop is told the result either way.)</noscript>
                </main>
                <script src="../../result-page.js"></script>
                </body>
                </html>
                """.formatted(id, HtmlUtils.htmlEscape(token), backToShop);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .body(html);
    }
}
