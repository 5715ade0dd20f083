package dev.payments.sandbox.checkout;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** successUrl/failUrl handling: the URL keeps its own query parameters; the PG's are appended. */
final class RedirectUrls {

    private RedirectUrls() {}

    /** Whether {@code url} is an absolute http(s) URL a browser can be sent to. */
    static boolean isValid(String url) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code url} with {@code parameters} appended (before any fragment), in their order, URL-encoded. */
    static String append(String url, Map<String, String> parameters) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        StringBuilder out = new StringBuilder(base);
        char separator = base.indexOf('?') < 0 ? '?' : (base.endsWith("?") || base.endsWith("&") ? 0 : '&');
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (separator != 0) {
                out.append(separator);
            }
            out.append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return out.append(fragment).toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
