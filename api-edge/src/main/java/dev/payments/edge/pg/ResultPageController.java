package dev.payments.edge.pg;

import dev.payments.edge.web.QueryParameters;
import dev.payments.schemas.OrderId;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /orders/{orderId}/result?token=}: where the PG redirects end. A static script polls the order's status and
 * timeline with its token until it is terminal, showing the steps reached ({@code PREPAY → IN_PROGRESS → SUCCESS →
 * COMPLETE}, or the {@code FAIL}/{@code CANCEL} end with its reason) and every event the worker read. The page carries
 * the values only as HTML-escaped data attributes, never inside script, and forbids inline script and style, framing
 * and referrers (the URL holds the token).
 *
 * <p>Stable hooks for browser tests: {@code #status} holds the status code and gets {@code data-terminal="true"} once
 * the order is terminal and the page is final; {@code #steps li[data-reached]}; {@code #timeline tbody tr}.
 */
@RestController
class ResultPageController {

    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="no-referrer">
                <title>Payment status</title>
                <link rel="stylesheet" href="../../result-page.css">
                </head>
                <body>
                <main id="result" data-order-id="%s" data-token="%s">
                <h1>Order %s</h1>
                <p>Status: <strong id="status" aria-live="polite">checking&hellip;</strong>
                <span id="status-text"></span></p>
                <p id="detail" hidden></p>
                <ol id="steps">
                <li data-step="PREPAY">PREPAY</li>
                <li data-step="IN_PROGRESS">IN_PROGRESS</li>
                <li data-step="SUCCESS">SUCCESS</li>
                <li data-step="COMPLETE">COMPLETE</li>
                <li id="end-step" hidden></li>
                </ol>
                <h2>Timeline</h2>
                <table id="timeline">
                <thead><tr><th>type</th><th>result</th><th>reason</th><th>status</th><th>at</th></tr></thead>
                <tbody></tbody>
                </table>
                <noscript>Enable JavaScript to follow your payment here; the shop is told the result either way.</noscript>
                </main>
                <script src="../../result-page.js"></script>
                </body>
                </html>
                """.formatted(id, HtmlUtils.htmlEscape(token), id);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .body(html);
    }
}
