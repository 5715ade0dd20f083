package dev.payments.shop.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * The shop's HTML pages, rendered on the server with every value escaped, sent with a Content-Security-Policy that
 * allows only the shop's own style sheet and forms to the shop itself. A page has no script, except the buyer's
 * checkout page: it may load the PG's SDK script (from its exact URL), run one inline script carrying the response's
 * nonce, and let the SDK call the PG's origin; nothing else.
 */
public final class PageShell {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    private static final String NO_SCRIPT =
            "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final SecureRandom NONCES = new SecureRandom();

    /** The script sources a page with a nonce may use, after the nonce itself; null: this shell renders no script. */
    private final String scriptSources;

    private final String connectSources;

    private PageShell(String scriptSources, String connectSources) {
        this.scriptSources = scriptSources;
        this.connectSources = connectSources;
    }

    /** Pages without script whose forms go to the shop only. */
    public static PageShell formsToTheShop() {
        return new PageShell(null, null);
    }

    /**
     * As {@link #formsToTheShop()}, and pages rendered with a nonce may also load {@code scriptUrl} (the PG's SDK),
     * which may call {@code connectOrigin} (the PG).
     */
    public static PageShell withPgScript(String scriptUrl, String connectOrigin) {
        return new PageShell(scriptUrl, connectOrigin);
    }

    /** A fresh nonce for one response's inline script: 128 random bits, base64. */
    public static String newNonce() {
        byte[] bytes = new byte[16];
        NONCES.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A page; {@code head} is extra markup for its head (already escaped), or empty. */
    public ResponseEntity<String> page(HttpStatus status, String title, String head, String body) {
        return render(status, title, head, body, NO_SCRIPT);
    }

    /**
     * A page whose inline scripts carry {@code nonce} (from {@link #newNonce()}, one per response) and that may load
     * and call the PG; only for a shell made by {@link #withPgScript}.
     */
    public ResponseEntity<String> page(HttpStatus status, String title, String head, String body, String nonce) {
        if (scriptSources == null) {
            throw new IllegalStateException("this shell renders no script");
        }
        String policy = "default-src 'none'; script-src 'nonce-" + nonce + "' " + scriptSources + "; connect-src "
                + connectSources + "; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        return render(status, title, head, body, policy);
    }

    private static ResponseEntity<String> render(
            HttpStatus status, String title, String head, String body, String securityPolicy) {
        String html = """
                <!doctype html>
                <html lang="ko">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="/shop.css">%s
                </head>
                <body>
                <main>
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), head.isEmpty() ? "" : "\n" + head, body);
        return ResponseEntity.status(status)
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", securityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(html);
    }

    /**
     * An error page: its title, what happened, anything more (markup, already escaped, e.g. a form to try again) and a
     * link back.
     */
    public ResponseEntity<String> error(
            HttpStatus status, String title, String message, String more, String backHref, String backLabel) {
        String body = """
                <h1 id="error-title">%s</h1>
                <p id="error-message">%s</p>%s
                <p><a id="back" href="%s">%s</a></p>""".formatted(
                        esc(title), esc(message), more.isEmpty() ? "" : "\n" + more, esc(backHref), esc(backLabel));
        return page(status, title, "", body);
    }

    /** 303 to {@code location}: a page of the shop after a form. */
    public static ResponseEntity<String> seeOther(URI location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(location)
                .cacheControl(CacheControl.noStore())
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    public static String esc(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value, StandardCharsets.UTF_8.name());
    }

    /**
     * {@code value} as a JavaScript string literal (double quotes) that is safe inside an HTML {@code <script>}
     * element: quotes, backslashes, control characters, {@code < > &} (so no {@code </script>} or {@code <!--}) and
     * the line separators JavaScript treats as line ends are written as escapes; {@code null} stays {@code null}.
     */
    public static String js(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder literal = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\', '\'', '<', '>', '&', '\u2028', '\u2029' -> literal.append(unicode(c));
                default -> literal.append(c < 0x20 || c == 0x7f ? unicode(c) : String.valueOf(c));
            }
        }
        return literal.append('"').toString();
    }

    private static String unicode(char c) {
        return String.format("\\u%04x", (int) c);
    }
}
