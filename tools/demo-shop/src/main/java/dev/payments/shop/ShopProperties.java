package dev.payments.shop;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shop's settings ({@code payments.shop.*}); every one is settable by its environment variable. The defaults are the
 * local stack's, declared here only (not in demo-shop.yml).
 *
 * @param edgeUrl base URL of the api-edge, for server-to-server calls
 * @param merchantKey the edge's merchant API key (default: the edge's local {@code payments.merchant-api-key}); only
 *     ever sent to the edge, never to a browser or a log
 * @param pgWindowUrl the PG's payment window, opened with clientKey, orderId, orderName, amount, successUrl, failUrl
 *     (default: the local PG sandbox's; real Toss opens it from its JS SDK instead)
 * @param connectTimeout how long a connection to the edge may take
 * @param readTimeout how long the edge may take to answer
 */
@ConfigurationProperties("payments.shop")
public record ShopProperties(
        String edgeUrl, String merchantKey, String pgWindowUrl, Duration connectTimeout, Duration readTimeout) {

    public ShopProperties {
        edgeUrl = edgeUrl == null || edgeUrl.isBlank() ? "http://localhost:8080" : stripSlash(edgeUrl.strip());
        merchantKey = merchantKey == null || merchantKey.isBlank() ? "local-merchant-key" : merchantKey;
        pgWindowUrl = pgWindowUrl == null || pgWindowUrl.isBlank()
                ? "http://localhost:8090/sandbox/checkout"
                : pgWindowUrl.strip();
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(2));
        readTimeout = positive(readTimeout, Duration.ofSeconds(10));
    }

    /** The payment window's origin ({@code scheme://host[:port]}), which the shop's pages may send forms to. */
    public String pgWindowOrigin() {
        URI uri = URI.create(pgWindowUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static Duration positive(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        // never print the merchant key
        return "ShopProperties[edgeUrl=" + edgeUrl + ", pgWindowUrl=" + pgWindowUrl + "]";
    }
}
