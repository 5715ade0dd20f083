package dev.payments.edge.web;

/** The request carries no valid credentials for what it asks; answered 401. */
public class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException(String detail) {
        super(detail);
    }
}
