package dev.payments.edge.web;

import dev.payments.edge.config.EdgeProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** Checks the merchant's {@code Authorization: Bearer <key>} in constant time. */
@Component
public class MerchantKey {

    private static final String BEARER = "Bearer ";

    /**
     * Never used itself: each request's digest works on a clone, which skips the provider search a {@code getInstance}
     * does per call (seen in issuance's flight recording). Cloning only reads it, so requests share it safely.
     */
    private static final MessageDigest SHA256_PROTOTYPE = newSha256();

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
        try {
            return ((MessageDigest) SHA256_PROTOTYPE.clone()).digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
