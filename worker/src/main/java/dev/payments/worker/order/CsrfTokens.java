package dev.payments.worker.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Verifies a presented CSRF token against the SHA-256 recorded at issue, in constant time. */
public final class CsrfTokens {

    private CsrfTokens() {}

    public static boolean matches(String token, String tokenHash) {
        if (token == null || tokenHash == null) {
            return false;
        }
        byte[] presented = sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
        byte[] recorded = tokenHash.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, recorded);
    }

    public static String sha256Hex(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
