package dev.payments.edge;

import dev.payments.schemas.TokenHash;
import dev.payments.testsupport.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows of the worker's {@code orders} and {@code refunds}, written as the worker would: the edge's own pool cannot. */
public final class WorkerRows {

    public static final Instant CREATED = Instant.parse("2026-11-23T10:15:30.120Z");

    private final JdbcClient worker = JdbcClient.create(EmbeddedPostgres.dataSource());

    /** An order of 15,000 won with this status and refunded amount, whose token is {@code "token-" + orderId}. */
    public void order(String orderId, String status, long refundedAmount) {
        worker.sql("""
                        INSERT INTO orders (order_id, status, amount, refunded_amount, currency, order_name, token_hash,
                                            payment_key, expires_at, created_at, updated_at, version)
                        VALUES (:orderId, :status, 15000, :refundedAmount, 'KRW', 'Coffee beans 1kg', :tokenHash,
                                'pk_' || :orderId, :expiresAt, :createdAt, :createdAt, 0)
                        """)
                .param("orderId", orderId)
                .param("status", status)
                .param("refundedAmount", refundedAmount)
                .param("tokenHash", TokenHash.of("token-" + orderId))
                .param("expiresAt", Timestamp.from(CREATED.plusSeconds(1800)))
                .param("createdAt", Timestamp.from(CREATED))
                .update();
    }

    /**
     * A refund the shop requested, recorded with this status.
     *
     * @param amount the amount decided
     * @param requestedAmount the amount requested; null: none named
     */
    public void refund(
            String orderId,
            String refundId,
            String status,
            long amount,
            @Nullable Long requestedAmount,
            String reason,
            Instant requestedAt) {
        worker.sql("""
                        INSERT INTO refunds (order_id, refund_id, status, amount, requested_amount, reason, initiator,
                                             payment_key, request_event_id, requested_at, updated_at)
                        VALUES (:orderId, :refundId, :status, :amount, :requestedAmount, :reason, 'SHOP',
                                'pk_' || :orderId, 'refund:' || :orderId || ':' || :refundId, :requestedAt,
                                :requestedAt)
                        """)
                .param("orderId", orderId)
                .param("refundId", refundId)
                .param("status", status)
                .param("amount", amount)
                .param("requestedAmount", requestedAmount)
                .param("reason", reason)
                .param("requestedAt", Timestamp.from(requestedAt))
                .update();
    }

    /** The refund's completion as the worker records it: its code (FAILED) or transaction key (SUCCEEDED). */
    public void completeRefund(
            String orderId,
            String refundId,
            @Nullable String code,
            @Nullable String transactionKey,
            Instant completedAt) {
        worker.sql("""
                        UPDATE refunds
                           SET code = :code, transaction_key = :transactionKey, completed_at = :completedAt,
                               updated_at = :completedAt
                         WHERE order_id = :orderId AND refund_id = :refundId
                        """)
                .param("orderId", orderId)
                .param("refundId", refundId)
                .param("code", code)
                .param("transactionKey", transactionKey)
                .param("completedAt", Timestamp.from(completedAt))
                .update();
    }
}
