package dev.payments.worker.order.persistence;

import dev.payments.worker.order.Order;
import dev.payments.worker.order.OrderStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The stored state of one order. Only the order-events consumer writes it; the version column fences off a zombie
 * consumer that still holds a partition after a rebalance.
 */
@Entity
@Table(name = "orders")
public class OrderEntity {

    @Id
    @Column(name = "order_id")
    private String orderId;

    @Enumerated(EnumType.STRING)
    private OrderStatus status;

    private long amount;
    private String currency;

    @Column(name = "order_name")
    private String orderName;

    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "customer_name")
    private String customerName;

    @Column(name = "customer_email")
    private String customerEmail;

    @Column(name = "payment_key")
    private String paymentKey;

    private String reason;

    @Column(name = "approved_at")
    private OffsetDateTime approvedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    protected OrderEntity() {}

    public static OrderEntity create(Order order, Instant now) {
        OrderEntity entity = new OrderEntity();
        entity.orderId = order.orderId();
        entity.createdAt = now;
        entity.apply(order, now);
        return entity;
    }

    /** Copies the state machine's new snapshot into the row. */
    public void apply(Order order, Instant now) {
        if (!orderId.equals(order.orderId())) {
            throw new IllegalArgumentException("snapshot of " + order.orderId() + " applied to " + orderId);
        }
        status = order.status();
        amount = order.amount();
        currency = order.currency();
        orderName = order.orderName();
        tokenHash = order.tokenHash();
        customerName = order.customerName();
        customerEmail = order.customerEmail();
        paymentKey = order.paymentKey();
        reason = order.reason();
        approvedAt = order.approvedAt();
        expiresAt = order.expiresAt();
        updatedAt = now;
    }

    public Order toSnapshot() {
        return new Order(
                orderId,
                status,
                amount,
                currency,
                orderName,
                tokenHash,
                customerName,
                customerEmail,
                paymentKey,
                reason,
                approvedAt,
                expiresAt);
    }

    public String getOrderId() {
        return orderId;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public long getVersion() {
        return version;
    }
}
