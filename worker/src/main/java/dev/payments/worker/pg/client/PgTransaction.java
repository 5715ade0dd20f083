package dev.payments.worker.pg.client;

import dev.payments.schemas.PgPaymentStatus;
import java.time.Instant;

/**
 * One row of the PG's transactions list ({@code GET /v1/transactions}, pg-reference "Reconciliation"): one money
 * movement (an approval, a cancel) or the issuance of a virtual account. Only the fields reconciliation matches on;
 * the rest of Toss's row is ignored.
 *
 * @param status the payment's status the movement left it in: DONE for an approval or a deposit, WAITING_FOR_DEPOSIT
 *     for an issuance, CANCELED or PARTIAL_CANCELED for a cancel ({@link PgPaymentStatus#OTHER} when unknown)
 * @param method the payment method as Toss names it (Korean), or null
 * @param amount the amount moved, as a positive number whatever the direction (a cancel's is its cancelAmount)
 */
public record PgTransaction(
        String transactionKey,
        String paymentKey,
        String orderId,
        String method,
        PgPaymentStatus status,
        Instant transactionAt,
        String currency,
        long amount) {}
