package dev.payments.support.secrets;

import java.util.Locale;
import java.util.Objects;

/**
 * A secret property a service uses, and what {@link SecretsGuard} demands of it outside the local profile.
 *
 * @param property the property's name, e.g. {@code payments.token-secret}
 * @param kind what the guard demands
 */
public record Secret(String property, Kind kind) {

    /** What the guard demands of a secret. */
    public enum Kind {
        /** set, and not a committed local value */
        REQUIRED,
        /** as {@link #REQUIRED}, and at least {@value SecretsGuard#MIN_HMAC_KEY_LENGTH} characters long */
        HMAC_KEY,
        /** may be left empty; when set, not a committed local value */
        WHEN_SET
    }

    public Secret {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(kind, "kind");
    }

    public static Secret required(String property) {
        return new Secret(property, Kind.REQUIRED);
    }

    public static Secret hmacKey(String property) {
        return new Secret(property, Kind.HMAC_KEY);
    }

    public static Secret whenSet(String property) {
        return new Secret(property, Kind.WHEN_SET);
    }

    /** The property and the environment variable an operator sets it with, for messages. */
    static String describe(String property) {
        String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return property + " (" + variable + ")";
    }
}
