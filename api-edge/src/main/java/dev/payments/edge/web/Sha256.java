package dev.payments.edge.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 on a clone of one prototype digest. A {@code MessageDigest} is not thread-safe, and
 * {@code MessageDigest.getInstance} searches the providers on every call (seen in issuance's flight recording); a
 * clone copies the prototype's (empty) state. Cloning only reads the prototype, so concurrent callers share it safely.
 */
public final class Sha256 {

    private static final MessageDigest PROTOTYPE = newDigest();

    private Sha256() {}

    public static byte[] of(byte[] input) {
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
