package dev.payments.edge.web;

/** No order with that id is visible to the caller; answered 404. */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String orderId) {
        super("No order " + orderId + " is known.");
    }
}
