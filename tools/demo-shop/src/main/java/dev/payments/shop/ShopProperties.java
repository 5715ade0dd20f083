package dev.payments.shop;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shop's settings ({@code payments.shop.*}); every one is settable by its environment variable. The defaults are the
 * local stack's, declared here only (not in demo-shop.yml).
 *
 * @param edgeUrl base URL of the api-edge, for server-to-server calls
 * @param merchantKey the edge's merchant API key (default: the edge's local {@code payments.merchant-api-key}); only
 *     ever sent to the edge, never to a browser or a log
 * @param pgScriptUrl the PG's browser SDK script, which the buyer's checkout page loads and whose
 *     {@code TossPayments(clientKey).requestPayment(...)} opens the payment window (default: the local PG sandbox's
 *     copy of Toss's v1 script; real Toss: {@code https://js.tosspayments.com/v1/payment}); an absolute http(s) URL
 * @param connectTimeout how long a connection to the edge may take
 * @param readTimeout how long the edge may take to answer
 */
@ConfigurationProperties("payments.shop")
public record ShopProperties(
        String edgeUrl, String merchantKey, String pgScriptUrl, Duration connectTimeout, Duration readTimeout) {

    /**
     * What a script URL may look like: it goes into the checkout page's Content-Security-Policy, where a quote, a
     * semicolon or a space would change the policy itself.
     */
    private static final Pattern SCRIPT_URL =
            Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?", Pattern.CASE_INSENSITIVE);

    public ShopProperties {
        edgeUrl = edgeUrl == null || edgeUrl.isBlank() ? "http://localhost:8080" : stripSlash(edgeUrl.strip());
        merchantKey = merchantKey == null || merchantKey.isBlank() ? "local-merchant-key" : merchantKey;
        pgScriptUrl = pgScriptUrl == null || pgScriptUrl.isBlank()
                ? "http://localhost:8090/js/v1/payment"
                : pgScriptUrl.strip();
        if (!SCRIPT_URL.matcher(pgScriptUrl).matches()) {
            throw new IllegalArgumentException("payments.shop.pg-script-url must be an absolute http or https URL "
                    + "of letters, digits and . _ ~ / - only (it goes into a Content-Security-Policy)");
        }
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(2));
        readTimeout = positive(readTimeout, Duration.ofSeconds(10));
    }

    /** The PG script's origin ({@code scheme://host[:port]}), which the script calls from the buyer's page. */
    public String pgOrigin() {
        URI uri = URI.create(pgScriptUrl);
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
        return "ShopProperties[edgeUrl=" + edgeUrl + ", pgScriptUrl=" + pgScriptUrl + "]";
    }
}
