package dev.payments.sandbox.payment;

/** A request the sandbox never answered on purpose (NEVER_ANSWER): no response may be stored for it. */
public final class RequestAbandoned extends RuntimeException {

    RequestAbandoned(String orderId) {
        super("request for order " + orderId + " was held and abandoned", null, false, false);
    }
}
