package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code payment.order.issued}: an order was issued and its buyer may pay it. Amounts are integers in KRW won;
 * {@code tokenHash} is the lower-case hex SHA-256 of the order's CSRF token (the token itself never travels here).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderIssued(
        String orderId,
        long amount,
        String currency,
        String orderName,
        String tokenHash,
        Instant expiresAt,
        String customerName,
        String customerEmail)
        implements EventData {}
