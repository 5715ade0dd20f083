package dev.payments.worker.order;

import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.VirtualAccount;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An order as the state machine sees it: an immutable snapshot. Transitions return a new snapshot.
 *
 * @param reason why the order ended in FAIL or CANCEL: AMOUNT_MISMATCH, EXPIRED or the PG's code
 * @param method the payment method as the PG named it ({@code 카드}, {@code 가상계좌}, ...), once it did
 * @param virtualAccount the account the buyer transfers to, when the PG issued one (kept after the order ends)
 * @param depositSecretHash lower-case hex SHA-256 of the virtual account's secret, which authenticates the PG's deposit
 *     callbacks; null when the PG gave none. The secret itself is never kept
 * @param refundedAmount what the PG gave back of the order's payment: the sum of its SUCCEEDED refunds, or more when
 *     the PG reports more cancelled than they account for (CANCELED_AT_PG)
 * @param refunds the order's refunds by refundId, as the consumer read them (only for batches whose events may concern
 *     refunds; see the processor)
 */
public record Order(
        String orderId,
        OrderStatus status,
        long amount,
        String currency,
        String orderName,
        String tokenHash,
        String customerName,
        String customerEmail,
        String paymentKey,
        String reason,
        OffsetDateTime approvedAt,
        Instant expiresAt,
        String method,
        VirtualAccount virtualAccount,
        String depositSecretHash,
        long refundedAmount,
        Map<String, Refund> refunds) {

    /** How the PG names a virtual account (가상계좌): its payments are paid by transfer, and refunded into an account. */
    public static final String VIRTUAL_ACCOUNT_METHOD = "가상계좌";

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tokenHash, "tokenHash");
        refunds = refunds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(refunds));
    }

    /** An order without a payment method, a virtual account or refunds. */
    public Order(
            String orderId,
            OrderStatus status,
            long amount,
            String currency,
            String orderName,
            String tokenHash,
            String customerName,
            String customerEmail,
            String paymentKey,
            String reason,
            OffsetDateTime approvedAt,
            Instant expiresAt) {
        this(
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
                expiresAt,
                null,
                null,
                null,
                0,
                Map.of());
    }

    static Order issued(OrderIssued e) {
        return new Order(
                e.orderId(),
                OrderStatus.PREPAY,
                e.amount(),
                e.currency(),
                e.orderName(),
                e.tokenHash(),
                e.customerName(),
                e.customerEmail(),
                null,
                null,
                null,
                e.expiresAt());
    }

    /** True when {@code e} describes this very order (a retried issuance); expiresAt and event id may differ. */
    boolean sameContentAs(OrderIssued e) {
        return e.sameOrderAs(amount, currency, orderName, tokenHash);
    }

    Order withStatus(OrderStatus next) {
        return next(next, paymentKey, reason, approvedAt);
    }

    Order succeeded(String newPaymentKey) {
        return next(OrderStatus.SUCCESS, newPaymentKey, null, null);
    }

    Order ended(OrderStatus terminal, String endReason, String endPaymentKey) {
        return next(terminal, endPaymentKey, endReason, approvedAt);
    }

    Order completed(OffsetDateTime approved) {
        return next(OrderStatus.COMPLETE, paymentKey, null, approved);
    }

    /** COMPLETE, keeping the method the PG named ({@code pgMethod}), or the one the order had when it named none. */
    Order completed(OffsetDateTime approved, String pgMethod) {
        String paidWith = pgMethod == null || pgMethod.isBlank() ? method : pgMethod;
        return next(OrderStatus.COMPLETE, paymentKey, null, approved, paidWith, virtualAccount, depositSecretHash);
    }

    /** AWAITING_DEPOSIT: the PG issued {@code account}; only the hash of its secret is kept. */
    Order awaitingDeposit(String pgMethod, VirtualAccount account, String secretHash) {
        return next(OrderStatus.AWAITING_DEPOSIT, paymentKey, null, null, pgMethod, account, secretHash);
    }

    /**
     * Whether the order is paid by virtual account (가상계좌): its refunds need the buyer's refund account. The method
     * says so, or an issued account does when the PG named no method (the edge judges the same way).
     */
    boolean paidByVirtualAccount() {
        return VIRTUAL_ACCOUNT_METHOD.equals(method) || virtualAccount != null;
    }

    /** The virtual account's deposit deadline, or null when the order has none. */
    Instant depositDueAt() {
        return virtualAccount == null || virtualAccount.dueDate() == null
                ? null
                : virtualAccount.dueDate().toInstant();
    }

    /** The refund with this id, or null. */
    public Refund refund(String refundId) {
        return refunds.get(refundId);
    }

    /** What may still be refunded: the amount less what was refunded and what refunds still in flight ask for. */
    long refundableBalance() {
        return amount - refundedAmount - inFlightRefunds();
    }

    /** The sum of the refunds still REQUESTED. */
    long inFlightRefunds() {
        return refunds.values().stream()
                .filter(refund -> refund.status() == Refund.Status.REQUESTED)
                .mapToLong(Refund::amount)
                .sum();
    }

    /** The same order with {@code refund} recorded (added, or replacing the one with its id). */
    public Order withRefund(Refund refund) {
        Map<String, Refund> next = new LinkedHashMap<>(refunds);
        next.put(refund.refundId(), refund);
        return with(refundedAmount, next);
    }

    /** The same order with these refunds, as read from the database. */
    public Order withRefunds(Collection<Refund> read) {
        Map<String, Refund> next = new LinkedHashMap<>();
        read.forEach(refund -> next.put(refund.refundId(), refund));
        return with(refundedAmount, next);
    }

    Order withRefundedAmount(long refunded) {
        return with(refunded, refunds);
    }

    private Order with(long refunded, Map<String, Refund> refundsById) {
        return copy(
                status,
                paymentKey,
                reason,
                approvedAt,
                method,
                virtualAccount,
                depositSecretHash,
                refunded,
                refundsById);
    }

    /** The same order in another state: only status, paymentKey, reason and approvedAt change this way. */
    private Order next(OrderStatus status, String paymentKey, String reason, OffsetDateTime approvedAt) {
        return next(status, paymentKey, reason, approvedAt, method, virtualAccount, depositSecretHash);
    }

    /** The same order in another state, paid (or to be paid) this way. */
    private Order next(
            OrderStatus status,
            String paymentKey,
            String reason,
            OffsetDateTime approvedAt,
            String paymentMethod,
            VirtualAccount account,
            String secretHash) {
        return copy(
                status, paymentKey, reason, approvedAt, paymentMethod, account, secretHash, refundedAmount, refunds);
    }

    /** A copy with what may change after issue; what the order is (who, how much, for what token) never does. */
    private Order copy(
            OrderStatus status,
            String paymentKey,
            String reason,
            OffsetDateTime approvedAt,
            String paymentMethod,
            VirtualAccount account,
            String secretHash,
            long refunded,
            Map<String, Refund> refundsById) {
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
                expiresAt,
                paymentMethod,
                account,
                secretHash,
                refunded,
                refundsById);
    }
}
