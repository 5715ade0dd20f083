package dev.payments.worker.reconcile.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One classified PG transaction, or one of our records the PG does not list. Only keys, statuses and amounts: never a
 * token, a secret or an account number.
 *
 * @param pgStatus the PG row's status; null for our records
 * @param pgAmount the PG row's amount; null for our records
 * @param ourStatus the state of what the row was matched against (the refund's when one, else the order's); null when
 *     nothing was
 * @param ourAmount that record's amount
 * @param occurredAt the PG row's transactionAt, or our order's approval or refund's completion
 * @param detail why the item is classified so, for an operator
 * @param lookUp whether this item asks for a PG look-up of the order's payment ({@code orderId}, {@code paymentKey})
 */
record Item(
        Drift drift,
        Resolution resolution,
        Source source,
        String orderId,
        String paymentKey,
        String transactionKey,
        String refundId,
        String pgStatus,
        Long pgAmount,
        String ourStatus,
        Long ourAmount,
        Instant occurredAt,
        String detail,
        boolean lookUp) {

    Item {
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if ((drift == Drift.MATCHED) != (resolution == Resolution.NONE)) {
            throw new IllegalArgumentException("only a matched item has no resolution, and it has none");
        }
        if (lookUp && resolution != Resolution.HEALING) {
            throw new IllegalArgumentException("only a healing item asks for a look-up");
        }
    }
}
