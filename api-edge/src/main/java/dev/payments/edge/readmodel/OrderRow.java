package dev.payments.edge.readmodel;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * A row of the worker's {@code orders} table, read-only: the columns the edge shows (and the hash a buyer's token must
 * match). The worker's migrations own the table; columns map by name ({@code orderName} to {@code order_name},
 * {@code vaDueDate} to {@code va_due_date}).
 */
@Entity
@Table(name = "orders")
@Immutable
class OrderRow {

    @Id
    private String orderId;

    private String status;
    private long amount;
    private long refundedAmount;
    private String currency;
    private String orderName;
    private String tokenHash;
    private String paymentKey;
    private String reason;
    private Instant createdAt;
    private Instant updatedAt;
    private String method;

    // the virtual account a buyer transfers to (its deposit_secret_hash is not mapped: nothing here may show it)
    private String vaBankCode;
    private String vaAccountNumber;
    private String vaCustomerName;
    private Instant vaDueDate;

    /** For JPA only: rows are read, never made by the edge. */
    protected OrderRow() {}

    OrderView view() {
        return new OrderView(
                orderId,
                status,
                amount,
                refundedAmount,
                currency,
                orderName,
                paymentKey,
                reason,
                createdAt,
                updatedAt,
                method,
                vaAccountNumber == null
                        ? null
                        : new VirtualAccountView(vaBankCode, vaAccountNumber, vaCustomerName, vaDueDate));
    }

    String tokenHash() {
        return tokenHash;
    }
}
