package dev.payments.sandbox.payment;

/** A Toss error answer: HTTP status and {@code {"code","message"}}. */
public final class TossException extends RuntimeException {

    private final int status;
    private final String code;

    public TossException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
