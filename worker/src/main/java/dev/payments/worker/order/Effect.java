package dev.payments.worker.order;

import dev.payments.schemas.RefundReceiveAccount;

/** A consequence of a transition, committed in the same transaction as the new state. */
public sealed interface Effect {

    /** Ask the PG to confirm (approve) the payment; runs off the consumer path. */
    record RequestConfirm(String orderId, String paymentKey, long amount) implements Effect {}

    /**
     * Read the payment from the PG and publish what the PG says (a webhook hint is verified this way): the payment with
     * {@code paymentKey}, the order's recorded one; null: the order's payment by orderId.
     */
    record RequestStatusCheck(String orderId, String paymentKey) implements Effect {}

    /** Publish the order's one completion record (it has reached a terminal state). */
    record PublishCompletion(Order order) implements Effect {}

    /**
     * Count and log a money anomaly, and tell the shop when {@link MoneyAnomaly#tellsTheShop()}.
     *
     * @param order the order as the decision leaves it
     * @param paymentKey the payment the PG spoke about
     * @param pgStatus the payment's status at the PG, as the PG spells it
     * @param pgAmount the amount the PG holds for the payment, when it said
     */
    record ReportMoneyAnomaly(MoneyAnomaly anomaly, Order order, String paymentKey, String pgStatus, Long pgAmount)
            implements Effect {}

    /**
     * Record a refund under its order, new or changed. The consumer folds it into the order it is deciding and writes it
     * with the order's new version.
     */
    record SaveRefund(String orderId, Refund refund) implements Effect {}

    /**
     * Cancel the refund's amount of the payment at the PG; runs off the consumer path, one job per refund ever.
     *
     * @param refundAccount the buyer's account for a deposited virtual account's refund; null for any other payment
     */
    record RequestRefund(
            String orderId,
            String refundId,
            String paymentKey,
            long amount,
            String reason,
            RefundReceiveAccount refundAccount)
            implements Effect {

        /** A refund paid back the way the payment came (any payment but a deposited virtual account). */
        public RequestRefund(String orderId, String refundId, String paymentKey, long amount, String reason) {
            this(orderId, refundId, paymentKey, amount, reason, null);
        }
    }

    /**
     * Publish the order's {@code payment.order.awaiting-deposit} record: the PG issued a virtual account, and the shop
     * tells the buyer where to transfer the money and by when.
     *
     * @param order the order as the decision leaves it (AWAITING_DEPOSIT, with its account)
     */
    record PublishAwaitingDeposit(Order order) implements Effect {}

    /**
     * The deposit deadline of a virtual account passed: cancel the whole unpaid payment at the PG (one job per order
     * ever), so a late transfer is refused. The PG's answer comes back as a verified {@code payment.pg.status}, and the
     * order ends on it: CANCEL (DEPOSIT_EXPIRED) when the PG cancelled, COMPLETE when the deposit had arrived.
     */
    record RequestDepositCancel(String orderId, String paymentKey) implements Effect {}

    /**
     * Publish the refund's one record ({@code payment.refund.completed}) for the shop: it has SUCCEEDED or FAILED.
     *
     * @param order the order as the decision leaves it (its refundedAmount counts this refund)
     */
    record PublishRefundCompletion(Order order, Refund refund) implements Effect {}
}
