package dev.payments.shop.checkout;

/** The edge could not be reached, timed out, or answered 5xx: the order may be retried later. */
class EdgeUnavailableException extends RuntimeException {

    EdgeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
