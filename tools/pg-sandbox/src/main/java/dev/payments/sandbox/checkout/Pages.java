package dev.payments.sandbox.checkout;

import dev.payments.sandbox.payment.TossException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The plain HTML pages the sandbox serves to a browser: one layout, no scripts, every value escaped by the caller. */
final class Pages {

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    private static final String CSP =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; base-uri 'none'";

    private Pages() {}

    /** A whole page around {@code body} (HTML already escaped). */
    static String document(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="ko">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto}form{display:inline}
                button{margin:.25rem;padding:.5rem 1rem}fieldset{margin:.5rem 0}label{display:block;margin:.25rem 0}
                table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style>
                </head>
                <body>
                %s
                </body>
                </html>
                """.formatted(Html.escape(title), body);
    }

    /** An error page naming the Toss code (id {@code code}) and its message (id {@code message}). */
    static ResponseEntity<String> error(TossException e) {
        String body = """
                <h1>결제를 진행할 수 없습니다</h1>
                <p>code: <code id="code">%s</code></p>
                <p id="message">%s</p>""".formatted(Html.escape(e.code()), Html.escape(e.getMessage()));
        return html(HttpStatus.valueOf(e.status()), document("오류", body));
    }

    static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .contentType(HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }

    /** {@code 15,000}. */
    static String won(long amount) {
        return NumberFormat.getIntegerInstance(Locale.KOREA).format(amount);
    }
}
