package dev.payments.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The order's CSRF token as the contract records it: {@code tokenHash} = lower-case hex SHA-256 of the token's UTF-8
 * bytes, carried by {@code payment.order.issued}. Browser- and PG-originated events carry the token itself, which is
 * checked against the recorded hash in constant time. The edge (issuance) and the worker (every check) use this one
 * implementation.
 */
public final class TokenHash {

    /**
     * Keyed by nothing and never used itself: each hash works on a clone. {@code MessageDigest.getInstance} searches the
     * security providers on every call; a clone copies the prototype's empty state, and cloning only reads it, so
     * concurrent callers share it safely.
     */
    private static final MessageDigest PROTOTYPE = newDigest();

    private TokenHash() {}

    /** Lower-case hex SHA-256 of {@code token}. */
    public static String of(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether {@code token} hashes to {@code tokenHash} (hex, any case), compared in constant time. False when either
     * is missing.
     */
    public static boolean matches(String token, String tokenHash) {
        if (token == null || tokenHash == null) {
            return false;
        }
        byte[] presented = of(token).getBytes(StandardCharsets.US_ASCII);
        byte[] recorded = tokenHash.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, recorded);
    }

    /** SHA-256 of {@code input}; safe from any thread. */
    public static byte[] sha256(byte[] input) {
        try {
            return ((MessageDigest) PROTOTYPE.clone()).digest(input);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
