package dev.payments.worker.pg;

/**
 * Asks for a payment to be read from the PG API, off the consumer path; what the PG answers comes back as a verified
 * {@code payment.pg.status} event (verification LOOKUP) on the order's key. Called inside the order processor's
 * transaction: the request is durable with the state change and survives a crash.
 */
public interface StatusChecks {

    void request(String orderId, String paymentKey);
}
