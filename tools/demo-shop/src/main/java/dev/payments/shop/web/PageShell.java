package dev.payments.shop.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * The shop's HTML pages, rendered on the server with every value escaped. No script at all, and a
 * Content-Security-Policy that allows only the shop's own style sheet and forms to the shop itself and to the origins
 * a page names (a form's redirect counts as its target).
 */
public final class PageShell {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final String securityPolicy;

    private PageShell(String formTargets) {
        this.securityPolicy = "default-src 'none'; style-src 'self'; form-action 'self'" + formTargets
                + "; base-uri 'none'; frame-ancestors 'none'";
    }

    /** Pages whose forms go to the shop only. */
    public static PageShell formsToTheShop() {
        return new PageShell("");
    }

    /** Pages whose forms go to the shop and to {@code origin} (the PG's payment window). */
    public static PageShell formsToTheShopAnd(String origin) {
        return new PageShell(" " + origin);
    }

    /** A page; {@code head} is extra markup for its head (already escaped), or empty. */
    public ResponseEntity<String> page(HttpStatus status, String title, String head, String body) {
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

    /** 303 to {@code location} (the PG's payment window, or a page of the shop after a form). */
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
}
