package dev.payments.edge.web;

import java.io.IOException;

/** Thrown by the request body stream once more bytes arrived than the configured limit; answered 413. */
public class RequestBodyTooLargeException extends IOException {

    private final long limit;

    RequestBodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
