package dev.payments.worker.reconcile.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What we hold about the orders a page of PG rows names: the orders, their refunds, the deposit cancels made for them
 * and their status checks, each by orderId. Read once per page, never changed.
 */
record OurRecords(
        Map<String, Order> orders,
        Map<String, List<Refund>> refunds,
        Map<String, String> depositCancels,
        Map<String, StatusCheck> checks) {

    OurRecords {
        orders = Map.copyOf(orders);
        refunds = Map.copyOf(refunds);
        depositCancels = Map.copyOf(depositCancels);
        checks = Map.copyOf(checks);
    }

    /**
     * An order's state as the orders table holds it (docs/contract.md §2): the domain's {@code OrderStatus} is the
     * consumer's alone (ArchitectureTest), so reconciliation reads the column into its own enum.
     */
    enum OrderState {
        PREPAY,
        IN_PROGRESS,
        SUCCESS,
        AWAITING_DEPOSIT,
        FAIL,
        CANCEL,
        COMPLETE
    }

    enum RefundState {
        REQUESTED,
        SUCCEEDED,
        FAILED
    }

    /**
     * @param paymentKey the payment the order holds; null before the PG named one
     * @param refundedAmount what the PG gave back of it: the order's SUCCEEDED refunds, or more when the order followed a
     *     cancel made at the PG (CANCELED_AT_PG)
     * @param approvedAt the PG's approval time; null unless COMPLETE
     * @param reason why a FAIL or CANCEL order ended (e.g. PG_CANCELED: on the PG's word that the payment was
     *     cancelled); null otherwise
     */
    record Order(
            String orderId,
            OrderState status,
            long amount,
            String paymentKey,
            long refundedAmount,
            Instant approvedAt,
            String reason) {}

    /**
     * @param giveBack whether the worker started it itself, giving back a payment the order did not keep
     * @param transactionKey the PG's key of its cancel, once SUCCEEDED
     * @param completedAt the PG's time of the cancel (SUCCEEDED), or when it failed
     */
    record Refund(
            String orderId,
            String refundId,
            RefundState status,
            long amount,
            boolean giveBack,
            String paymentKey,
            String transactionKey,
            Instant completedAt) {}

    /**
     * An order's status check (one row per order, ever).
     *
     * @param pending a look-up is wanted or under way
     * @param updatedAt when it last changed: for a check that is not pending, when its look-up ended
     */
    record StatusCheck(String orderId, boolean pending, Instant updatedAt) {}

    Order order(String orderId) {
        return orders.get(orderId);
    }

    StatusCheck check(String orderId) {
        return checks.get(orderId);
    }

    /** The order's refund whose cancel the PG keyed {@code transactionKey}; null when none. */
    Refund refundWithTransaction(String orderId, String transactionKey) {
        return refundsOf(orderId).stream()
                .filter(refund -> transactionKey.equals(refund.transactionKey()))
                .findFirst()
                .orElse(null);
    }

    /** The worker's give-back of {@code paymentKey} (one per payment, ever); null when none. */
    Refund giveBackOf(String orderId, String paymentKey) {
        return refundsOf(orderId).stream()
                .filter(refund -> refund.giveBack() && Objects.equals(refund.paymentKey(), paymentKey))
                .findFirst()
                .orElse(null);
    }

    /** A refund of {@code paymentKey} whose cancel's answer is not back yet; null when none. */
    Refund refundInFlight(String orderId, String paymentKey) {
        return refundsOf(orderId).stream()
                .filter(refund ->
                        refund.status() == RefundState.REQUESTED && Objects.equals(refund.paymentKey(), paymentKey))
                .findFirst()
                .orElse(null);
    }

    /** What the order's SUCCEEDED refunds gave back. */
    long succeededRefunds(String orderId) {
        return refundsOf(orderId).stream()
                .filter(refund -> refund.status() == RefundState.SUCCEEDED)
                .mapToLong(Refund::amount)
                .sum();
    }

    /** Whether the worker cancelled the order's unpaid virtual account of {@code paymentKey} (its deadline passed). */
    boolean depositCancelled(String orderId, String paymentKey) {
        return Objects.equals(depositCancels.get(orderId), paymentKey);
    }

    private List<Refund> refundsOf(String orderId) {
        return refunds.getOrDefault(orderId, List.of());
    }
}
