package dev.payments.edge;

import dev.payments.schemas.TokenHash;
import dev.payments.testsupport.EmbeddedPostgres;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows of the worker's {@code orders} and {@code refunds}, written as the worker would: the edge's own pool cannot. */
public final class WorkerRows {

    public static final Instant CREATED = Instant.parse("2026-11-23T10:15:30.120Z");

    private final JdbcClient worker = JdbcClient.create(EmbeddedPostgres.dataSource());

    /** The virtual account of {@link #virtualAccountOrder}: a Toss test account number, and Woori Bank's code. */
    public static final String VA_BANK_CODE = "20";

    public static final String VA_ACCOUNT_NUMBER = "X6505636518308";
    public static final String VA_CUSTOMER_NAME = "김토스";
    public static final Instant VA_DUE_DATE = Instant.parse("2026-11-30T14:59:59Z");
    public static final String VIRTUAL_ACCOUNT = "가상계좌";

    /** The payment secret whose hash {@link #virtualAccountOrder} stores: never to be shown. */
    public static final String DEPOSIT_SECRET = "ps_worker-rows-deposit-secret";

    /** An order of 15,000 won with this status and refunded amount, whose token is {@code "token-" + orderId}. */
    public void order(String orderId, String status, long refundedAmount) {
        order(orderId, status, refundedAmount, null);
    }

    /** The same, paid by {@code method} as the PG named it (null: not named yet). */
    public void order(String orderId, String status, long refundedAmount, @Nullable String method) {
        insert(orderId, status, refundedAmount, method, false);
    }

    /**
     * The same, paid by virtual account ({@link #VIRTUAL_ACCOUNT}): with the account, its due date and the hash of
     * {@link #DEPOSIT_SECRET}, as the worker keeps them from the confirm answer.
     */
    public void virtualAccountOrder(String orderId, String status, long refundedAmount) {
        insert(orderId, status, refundedAmount, VIRTUAL_ACCOUNT, true);
    }

    private void insert(
            String orderId, String status, long refundedAmount, @Nullable String method, boolean virtualAccount) {
        worker.sql("""
                        INSERT INTO orders (order_id, status, amount, refunded_amount, currency, order_name, token_hash,
                                            payment_key, expires_at, created_at, updated_at, version, method,
                                            va_bank_code, va_account_number, va_customer_name, va_due_date,
                                            deposit_secret_hash)
                        VALUES (:orderId, :status, 15000, :refundedAmount, 'KRW', 'Coffee beans 1kg', :tokenHash,
                                'pk_' || :orderId, :expiresAt, :createdAt, :createdAt, 0, :method, :bankCode,
                                :accountNumber, :customerName, :dueDate, :secretHash)
                        """)
                .param("orderId", orderId)
                .param("status", status)
                .param("refundedAmount", refundedAmount)
                .param("tokenHash", TokenHash.of("token-" + orderId))
                .param("expiresAt", Timestamp.from(CREATED.plusSeconds(1800)))
                .param("createdAt", Timestamp.from(CREATED))
                .param("method", method)
                .param("bankCode", virtualAccount ? VA_BANK_CODE : null)
                .param("accountNumber", virtualAccount ? VA_ACCOUNT_NUMBER : null)
                .param("customerName", virtualAccount ? VA_CUSTOMER_NAME : null)
                .param("dueDate", virtualAccount ? Timestamp.from(VA_DUE_DATE) : null, Types.TIMESTAMP)
                .param("secretHash", virtualAccount ? TokenHash.of(DEPOSIT_SECRET) : null)
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
