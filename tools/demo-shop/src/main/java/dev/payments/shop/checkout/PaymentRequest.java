package dev.payments.shop.checkout;

/**
 * What the buyer's checkout page hands to the PG's SDK: {@code TossPayments(clientKey).requestPayment(method, {amount,
 * orderId, orderName, customerName, successUrl, failUrl})}, every value but the method and the customer's name as the
 * edge answered the order's issuance.
 *
 * @param customerName the name the buyer gave, or null (the PG then names the buyer itself)
 */
record PaymentRequest(
        String clientKey,
        PaymentMethod method,
        long amount,
        String orderId,
        String orderName,
        String customerName,
        String successUrl,
        String failUrl) {

    /** Without the buyer's name and the token the URLs carry: a record's default toString would log them. */
    @Override
    public String toString() {
        return "PaymentRequest[orderId=" + orderId + ", method=" + method + ", amount=" + amount + "]";
    }
}
