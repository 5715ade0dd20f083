package dev.payments.edge.web;

import java.io.IOException;

/** Thrown by the request body stream once more bytes arrived than the configured limit; answered 413. */
class RequestBodyTooLargeException extends IOException {

    private final long limit;

    RequestBodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
