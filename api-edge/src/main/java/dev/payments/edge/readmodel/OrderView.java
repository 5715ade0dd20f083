package dev.payments.edge.readmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code GET /api/v1/orders/{orderId}}: the order as the worker last recorded it.
 *
 * @param status {@code PREPAY}, {@code IN_PROGRESS}, {@code SUCCESS}, {@code AWAITING_DEPOSIT}, {@code FAIL},
 *     {@code CANCEL} or {@code COMPLETE}
 * @param refundedAmount what was given back of the amount (0 until a refund succeeds)
 * @param reason why a FAIL or CANCEL happened: {@code AMOUNT_MISMATCH}, {@code EXPIRED}, {@code DEPOSIT_EXPIRED} or the
 *     PG's code
 * @param method the payment method as the PG named it ({@code 카드}, {@code 가상계좌}, ...); null until it did
 * @param virtualAccount the account a virtual-account buyer transfers to; left out of the JSON for any other order
 */
record OrderView(
        String orderId,
        String status,
        long amount,
        long refundedAmount,
        String currency,
        String orderName,
        String paymentKey,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String method,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable VirtualAccountView virtualAccount) {}
