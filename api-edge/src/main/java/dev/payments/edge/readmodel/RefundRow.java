package dev.payments.edge.readmodel;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** A row of the worker's {@code refunds} table, read-only: the columns the edge shows of a refund. */
@Entity
@Table(name = "refunds")
@IdClass(RefundRow.Key.class)
@Immutable
class RefundRow {

    @Id
    private String orderId;

    @Id
    private String refundId;

    private String status;
    private long amount;
    private String reason;
    private String code;
    private String transactionKey;
    private Instant requestedAt;
    private Instant completedAt;

    /** For JPA only: rows are read, never made by the edge. */
    protected RefundRow() {}

    RefundView view() {
        return new RefundView(
                refundId, orderId, amount, reason, status, code, requestedAt, completedAt, transactionKey);
    }

    /** The table's primary key. */
    record Key(String orderId, String refundId) {}
}
