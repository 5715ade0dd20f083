package dev.payments.edge.pg;

import dev.payments.edge.EdgeProperties;
import dev.payments.schemas.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks the signature a PG may put on its webhooks (Toss format): {@code tosspayments-webhook-signature:
 * v1:<base64>,v1:<base64>} where a value is base64(HMAC-SHA256(secret, rawBody + ":" + transmissionTime)); the webhook
 * is authentic when any value matches. Toss signs none of its payment webhooks, so a webhook without the header is
 * simply unsigned. The secret is {@code payments.pg.webhook-secret}; it and the signatures are never logged.
 *
 * <p>A signature proves who sent the bytes, not when: a captured signed webhook stays valid forever. So a signed
 * webhook must also be fresh (its transmission time within {@code payments.pg.webhook-tolerance} of our clock), and it
 * is published under an id derived from the signed bytes, so that replaying it under new transmission ids makes no new
 * event.
 */
@Component
class WebhookSignatures {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION_PREFIX = "v1:";
    private static final String SIGNED_ID_PREFIX = "webhook:sig:";
    /** Toss writes its times in Korean time; a transmission time without an offset is read as such. */
    private static final ZoneOffset KST = ZoneOffset.ofHours(9);

    private static final Pattern EPOCH_SECONDS = Pattern.compile("^[0-9]{9,11}$");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("^[0-9]{12,14}$");

    private final @Nullable SecretKeySpec key;
    private final Duration tolerance;
    private final Clock clock;

    @Autowired
    WebhookSignatures(EdgeProperties properties, Clock clock) {
        this(properties.pg().webhookSecret(), properties.pg().webhookTolerance(), clock);
    }

    /** @param secret the webhook secret; empty: no signature is checked, every webhook is unsigned */
    WebhookSignatures(String secret, Duration tolerance, Clock clock) {
        this.key = secret.isEmpty() ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** What the signature headers of a webhook say. */
    sealed interface Check {

        /** No signature header, or one while no secret is configured (then it proves nothing to us). */
        record Unsigned(boolean signatureIgnored) implements Check {}

        /** Signed, verified and fresh: published under {@code eventId}, which the signed bytes determine. */
        record Signed(String eventId) implements Check {}

        /** A signature that does not verify, or a signed webhook that is not fresh: refused, nothing written. */
        record Refused(String reason) implements Check {}
    }

    /**
     * @param signatureHeaders every occurrence of the signature header, each a comma-separated list of values
     * @param transmissionTime the one {@code tosspayments-webhook-transmission-time}, null when absent or ambiguous
     */
    Check check(byte[] body, List<String> signatureHeaders, @Nullable String transmissionTime) {
        if (signatureHeaders.isEmpty() || key == null) {
            return new Check.Unsigned(!signatureHeaders.isEmpty());
        }
        if (transmissionTime == null) {
            return new Check.Refused("The webhook carries no single " + PgWebhookController.TRANSMISSION_TIME
                    + " header, which its signature covers.");
        }
        if (!verifies(body, transmissionTime, signatureHeaders)) {
            return new Check.Refused("The webhook's " + PgWebhookController.SIGNATURE + " does not match its body and "
                    + PgWebhookController.TRANSMISSION_TIME + ".");
        }
        Instant sent = instant(transmissionTime);
        if (sent == null) {
            return new Check.Refused("The webhook's " + PgWebhookController.TRANSMISSION_TIME
                    + " is not a date-time (ISO 8601) or epoch time.");
        }
        Duration skew = Duration.between(sent, clock.instant()).abs();
        if (skew.compareTo(tolerance) > 0) {
            return new Check.Refused("The webhook's " + PgWebhookController.TRANSMISSION_TIME + " is more than "
                    + tolerance.toSeconds() + " s from the edge's clock.");
        }
        return new Check.Signed(signedEventId(body, transmissionTime));
    }

    /**
     * Whether any {@code v1:} value of the signature header(s) is the HMAC of {@code body} and
     * {@code transmissionTime}. Values in another version, or that are not base64, are skipped; every value is
     * compared in constant time, and the comparison does not stop at the first match.
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

    /** {@code webhook:sig:<hex sha256(body + ":" + transmissionTime)>}: exactly the bytes the signature covers. */
    static String signedEventId(byte[] body, String transmissionTime) {
        byte[] time = (":" + transmissionTime).getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[body.length + time.length];
        System.arraycopy(body, 0, signed, 0, body.length);
        System.arraycopy(time, 0, signed, body.length, time.length);
        return SIGNED_ID_PREFIX + HexFormat.of().formatHex(TokenHash.sha256(signed));
    }

    /**
     * The transmission time: an ISO 8601 date-time with offset, one without (Korean time, as Toss writes
     * {@code createdAt}), or epoch seconds or milliseconds; null when it is none of these. Toss does not document
     * the header's format, so all are read.
     */
    static @Nullable Instant instant(String transmissionTime) {
        String value = transmissionTime.strip();
        try {
            if (EPOCH_SECONDS.matcher(value).matches()) {
                return Instant.ofEpochSecond(Long.parseLong(value));
            }
            if (EPOCH_MILLIS.matcher(value).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            if (value.length() > 40) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                return LocalDateTime.parse(value).toInstant(KST);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
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
