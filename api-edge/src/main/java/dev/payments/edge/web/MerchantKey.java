package dev.payments.edge.web;

import dev.payments.edge.EdgeProperties;
import dev.payments.schemas.TokenHash;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/** Checks the merchant's {@code Authorization: Bearer <key>} in constant time. */
public class MerchantKey {

    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    MerchantKey(EdgeProperties properties) {
        this.expectedDigest = sha256(properties.merchantApiKey());
    }

    /** Whether the request has an Authorization header at all (valid or not). */
    public boolean isPresented(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    }

    /** Whether the request's Authorization header carries the merchant key. */
    public boolean isValid(HttpServletRequest request) {
        return matches(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    boolean matches(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        String presented = authorization.substring(BEARER.length()).strip();
        // digests have a fixed length, so neither the key's length nor its content shows in the comparison time
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    /** Throws {@link UnauthenticatedException} unless the request carries the merchant key. */
    public void require(HttpServletRequest request) {
        if (!isValid(request)) {
            throw new UnauthenticatedException(
                    "A valid merchant API key is required as 'Authorization: Bearer <key>'.");
        }
    }

    private static byte[] sha256(String value) {
        return TokenHash.sha256(value.getBytes(StandardCharsets.UTF_8));
    }
}
