package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

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
        implements EventData {

    /**
     * Whether this issuance describes the order recorded with these facts, i.e. is a retried issuance of it
     * (docs/contract.md §2): the same amount, currency, orderName and tokenHash; its {@code expiresAt} and event id may
     * differ. An issuance for which this is false conflicts with the recorded order.
     */
    public boolean sameOrderAs(long amount, String currency, String orderName, String tokenHash) {
        return this.amount == amount
                && Objects.equals(this.currency, currency)
                && Objects.equals(this.orderName, orderName)
                && Objects.equals(this.tokenHash, tokenHash);
    }
}
