package dev.payments.edge.web;

/** An order with that id already exists with a different amount, currency, orderName or token; answered 409. */
public class OrderConflictException extends RuntimeException {

    public OrderConflictException(String orderId) {
        super("Order " + orderId + " was already issued with a different amount, currency, orderName or token;"
                + " nothing was accepted.");
    }
}
