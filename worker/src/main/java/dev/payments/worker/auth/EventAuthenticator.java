package dev.payments.worker.auth;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.WorkerEventProof;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signs the worker's events and checks the proof of the events it reads: HMAC-SHA256 over {@link WorkerEventProof}'s
 * canonical form, keyed with {@code payments.worker.event-key}, in the attribute {@value WorkerEventProof#ATTRIBUTE}
 * as {@code v1:<base64>}. Proofs are compared in constant time. Safe from any thread.
 */
@Component
public class EventAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(EventAuthenticator.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = WorkerEventProof.VERSION + ":";

    /** Keyed prototypes, never used themselves: each HMAC works on a clone (a Mac is not thread-safe). */
    private final Mac current;

    private final Mac previous;
    private final Instant previousUntil;

    public EventAuthenticator(EventKeyProperties keys) {
        this.current = mac(keys.eventKey());
        this.previous = keys.previousEventKey() == null ? null : mac(keys.previousEventKey());
        this.previousUntil = keys.previousEventKeyUntil();
        if (previous != null) {
            log.info(
                    "Worker events signed with payments.worker.previous-event-key are accepted until {}",
                    previousUntil);
        }
    }

    /** {@code event} with its proof under the current key (any proof it had is replaced). */
    public <T extends EventData> CloudEvent<T> sign(CloudEvent<T> event) {
        byte[] proof = hmac(current, canonical(event));
        return event.withWorkerauth(PREFIX + Base64.getEncoder().encodeToString(proof));
    }

    /**
     * Whether {@code event} carries a proof that a worker wrote it, as it is: one that verifies with the current key,
     * or with the previous key before {@code previous-event-key-until} ({@code now}: the consumer's clock).
     */
    public boolean authenticated(CloudEvent<? extends EventData> event, Instant now) {
        String proof = event.workerauth();
        if (proof == null || !proof.startsWith(PREFIX)) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(proof.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        byte[] message = canonical(event);
        if (MessageDigest.isEqual(hmac(current, message), presented)) {
            return true;
        }
        return previous != null
                && now.isBefore(previousUntil)
                && MessageDigest.isEqual(hmac(previous, message), presented);
    }

    private static byte[] canonical(CloudEvent<? extends EventData> event) {
        return WorkerEventProof.canonicalForm(event).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(Mac prototype, byte[] message) {
        try {
            return ((Mac) prototype.clone()).doFinal(message);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 is cloneable", e);
        }
    }

    private static Mac mac(String key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
