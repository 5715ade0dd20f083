package dev.payments.edge.pg;

import dev.payments.edge.EdgeProperties;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Verifies the PG's webhook signature (Toss format): {@code tosspayments-webhook-signature: v1:<base64>,v1:<base64>}
 * where a value is base64(HMAC-SHA256(secret, rawBody + ":" + transmissionTime)); the webhook is authentic when any
 * value matches. The secret is {@code payments.pg.webhook-secret}; it and the signatures are never logged.
 */
@Component
class WebhookSignatures {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION_PREFIX = "v1:";

    private final @Nullable SecretKeySpec key;

    @Autowired
    WebhookSignatures(EdgeProperties properties) {
        this(properties.pg().webhookSecret());
    }

    /** @param secret the webhook secret; empty: no signature can be verified ({@link #isConfigured()} is false) */
    WebhookSignatures(String secret) {
        this.key = secret.isEmpty() ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** Whether a webhook secret is configured, so that webhooks must be signed. */
    boolean isConfigured() {
        return key != null;
    }

    /**
     * Whether any {@code v1:} value of the signature header(s) is the HMAC of {@code body} and
     * {@code transmissionTime}. Values in another version, or that are not base64, are skipped; every value is
     * compared in constant time, and the comparison does not stop at the first match.
     *
     * @param signatureHeaders every occurrence of the signature header, each a comma-separated list of values
     */
    boolean verifies(byte[] body, @Nullable String transmissionTime, List<String> signatureHeaders) {
        if (key == null || transmissionTime == null || transmissionTime.isEmpty()) {
            return false;
        }
        byte[] expected = hmac(body, transmissionTime);
        boolean matched = false;
        for (String header : signatureHeaders) {
            for (String value : header.split(",", -1)) {
                byte[] presented = decoded(value.strip());
                if (presented != null) {
                    matched |= MessageDigest.isEqual(expected, presented);
                }
            }
        }
        return matched;
    }

    private byte[] hmac(byte[] body, String transmissionTime) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(body);
            mac.update((":" + transmissionTime).getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte @Nullable [] decoded(String value) {
        if (!value.startsWith(VERSION_PREFIX)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value.substring(VERSION_PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
