package dev.payments.shop.checkout;

/** The edge answered a 4xx: the request was wrong (or the merchant key is), so retrying as is cannot help. */
class EdgeRefusedException extends RuntimeException {

    private final int status;
    private final String detail;

    EdgeRefusedException(int status, String detail) {
        super("the edge refused the request with HTTP " + status);
        this.status = status;
        this.detail = detail;
    }

    int status() {
        return status;
    }

    /** The problem's {@code detail} as the edge wrote it (it never repeats a key or token), or null. */
    String detail() {
        return detail;
    }
}
