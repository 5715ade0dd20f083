package dev.payments.edge.web;

/** The request carries no valid credentials for what it asks; answered 401. */
public class UnauthenticatedException extends RuntimeException {

    /** The challenge of the merchant endpoints. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"payments\"";

    private final String challenge;

    public UnauthenticatedException(String detail) {
        this(detail, BEARER_CHALLENGE);
    }

    /** @param challenge the {@code WWW-Authenticate} value of the 401 answer (RFC 9110 requires one) */
    public UnauthenticatedException(String detail, String challenge) {
        super(detail);
        this.challenge = challenge;
    }

    public String challenge() {
        return challenge;
    }
}
