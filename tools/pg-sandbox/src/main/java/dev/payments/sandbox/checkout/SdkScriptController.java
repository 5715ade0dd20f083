package dev.payments.sandbox.checkout;

import dev.payments.sandbox.SandboxProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser SDK in the shape of Toss's v1 payment-window script, at the path Toss serves it under
 * ({@code https://js.tosspayments.com/v1/payment} → {@code <sandbox>/js/v1/payment}), so that a shop page swaps only the
 * script's URL between Toss and the sandbox.
 */
@RestController
class SdkScriptController {

    static final String PATH = "/js/v1/payment";
    private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

    private final byte[] script;

    SdkScriptController(SandboxProperties properties, JsonMapper json) {
        // the configured public URL is the script's fallback base, written as a JavaScript string literal
        String template = read("sandbox/tosspayments-v1.js");
        this.script = template.replace("__SANDBOX_BASE__", json.writeValueAsString(properties.publicUrl()))
                .getBytes(StandardCharsets.UTF_8);
    }

    @GetMapping(PATH)
    ResponseEntity<byte[]> script() {
        return ResponseEntity.ok()
                .contentType(JAVASCRIPT)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .header("X-Content-Type-Options", "nosniff")
                .body(script);
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the SDK script " + resource + " is missing from the sandbox", e);
        }
    }
}
