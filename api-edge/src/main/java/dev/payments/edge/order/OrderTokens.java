package dev.payments.edge.order;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the secrets of an order from {@code payments.token-secret}.
 *
 * <p>The CSRF token is HMAC-SHA256(secret, orderId), so a retried issuance hands out the same token (and the worker
 * sees the same {@code tokenHash}, a duplicate rather than a conflict) without the edge storing anything. A generated
 * orderId is derived the same way from the request's Idempotency-Key, so a retry without an orderId names the same
 * order.
 */
final class OrderTokens {

    private static final String HMAC = "HmacSHA256";
    /** Domain separation: an orderId never contains ':', so this input never collides with a token's input. */
    private static final String IDEMPOTENCY_KEY_INPUT = "idempotency-key:";

    static final String GENERATED_PREFIX = "ord_";
    static final String GENERATED_REFUND_PREFIX = "refund_";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Keyed once and never used itself: each computation works on a clone, which copies the keyed state instead of
     * searching the providers and keying a new Mac per request. Cloning only reads the prototype, so concurrent callers
     * share it safely.
     */
    private final Mac keyedPrototype;

    OrderTokens(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("payments.token-secret must not be blank");
        }
        try {
            keyedPrototype = Mac.getInstance(HMAC);
            keyedPrototype.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The order's CSRF token: base64url (no padding) of HMAC-SHA256(secret, orderId). */
    String tokenFor(String orderId) {
        return BASE64URL.encodeToString(hmac(orderId));
    }

    /** The orderId for a request that named none but carried this Idempotency-Key: the same on every retry. */
    String orderIdFor(String idempotencyKey) {
        return GENERATED_PREFIX + BASE64URL.encodeToString(hmac(IDEMPOTENCY_KEY_INPUT + idempotencyKey));
    }

    /** A fresh orderId for a request that named none and carried no Idempotency-Key. */
    static String randomOrderId() {
        return GENERATED_PREFIX + randomId();
    }

    /** A fresh refundId for a refund request that named none. */
    static String randomRefundId() {
        return GENERATED_REFUND_PREFIX + randomId();
    }

    /** 128 random bits, base64url without padding: 22 characters of the orderId and refundId alphabet. */
    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private byte[] hmac(String input) {
        Mac mac; // a Mac is not thread-safe: one clone per computation
        try {
            mac = (Mac) keyedPrototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 is cloneable", e);
        }
        return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    }
}
