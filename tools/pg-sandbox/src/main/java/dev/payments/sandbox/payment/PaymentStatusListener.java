package dev.payments.sandbox.payment;

import java.util.Map;

/** Told of every status change Toss announces with a PAYMENT_STATUS_CHANGED webhook. Must not block. */
public interface PaymentStatusListener {

    /** {@code payment} is the Payment object right after the change. */
    void statusChanged(String orderId, Payment.StatusChanged change, Map<String, Object> payment);
}
