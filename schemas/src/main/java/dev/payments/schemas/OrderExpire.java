package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code payment.order.expire} (worker-internal): a request to cancel the order if it is still unpaid past its
 * {@code expiresAt}. Travelling through the order's partition means a result that arrived first wins.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderExpire(String orderId) implements EventData {}
