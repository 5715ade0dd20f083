package dev.payments.shop.edge;

/** The edge answered a 4xx: the request was wrong (or the merchant key is), so retrying as is cannot help. */
public class EdgeRefusedException extends RuntimeException {

    private final int status;
    private final String detail;

    EdgeRefusedException(int status, String detail) {
        super("the edge refused the request with HTTP " + status);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    /**
     * The problem's {@code detail} as the edge wrote it, followed by the fields a validation problem lists (the edge
     * never repeats a key, token or submitted value in them), or null when the answer was not a problem.
     */
    public String detail() {
        return detail;
    }
}
