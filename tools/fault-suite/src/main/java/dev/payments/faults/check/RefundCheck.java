package dev.payments.faults.check;

import dev.payments.faults.load.OrderKind;
import dev.payments.faults.load.PlannedOrder.PlannedRefund;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.TokenHash;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The refund invariants of one order, as pure functions of what the load asked for, the worker's {@code refunds} rows,
 * the {@code payment.refund.completed} records and the PG's cancels, so that each rule can be tested on hand-made
 * rows. Each returns null when the rule holds, otherwise one line that says what is wrong.
 */
final class RefundCheck {

    static final String SUCCEEDED = "SUCCEEDED";
    static final String REQUESTED = "REQUESTED";
    static final String NOT_REFUNDABLE = "NOT_REFUNDABLE";
    static final String REFUND_EXCEEDS_BALANCE = "REFUND_EXCEEDS_BALANCE";
    /** The worker's own refusals (no PG call was made); any other code of a FAILED refund is the PG's. */
    static final Set<String> REFUSALS = Set.of(NOT_REFUNDABLE, REFUND_EXCEEDS_BALANCE, "CONFLICTING_REFUND");

    private RefundCheck() {}

    /** One row of table {@code refunds}. */
    record RefundRow(
            String orderId,
            String refundId,
            String status,
            long amount,
            String reason,
            String initiator,
            String paymentKey,
            String code,
            String transactionKey) {

        boolean shop() {
            return "SHOP".equals(initiator);
        }

        boolean succeeded() {
            return SUCCEEDED.equals(status);
        }

        /** Whether the worker refused it (no PG call was made), as opposed to the PG refusing its cancel. */
        boolean refused() {
            return code != null && REFUSALS.contains(code);
        }

        @Override
        public String toString() {
            return refundId + " " + status + " " + amount + (code == null ? "" : " " + code);
        }
    }

    /** One entry of a payment's {@code cancels[]} at the PG. */
    record PgCancel(String transactionKey, long amount) {}

    /** A payment as the PG shows it: its approved amount, its balance and its cancels. */
    record PgPayment(String paymentKey, String status, long totalAmount, long balanceAmount, List<PgCancel> cancels) {}

    /** A {@code payment.refund.completed} record: its CloudEvents id and the refund it names. */
    record RefundRecord(String id, String refundId, String status) {}

    /** The refundId the worker gives its give-back of a payment: {@code giveback-} and 32 hex digits of its SHA-256. */
    static String giveBackId(String paymentKey) {
        return "giveback-" + TokenHash.of(paymentKey).substring(0, 32);
    }

    /**
     * What the shop's refunds of the order must have come to, by the order's kind (see {@link OrderKind}): refunds
     * asked for one after the other each take the amount asked for (none: the balance left) and succeed; of two
     * concurrent refunds beyond the amount exactly one succeeds and the other is refused REFUND_EXCEEDS_BALANCE; a
     * refund of a failed order is refused NOT_REFUNDABLE. A refusal is a FAILED row, or the edge's early 409 with the
     * same code and no row. No shop refund that nobody asked for, and none for the other kinds.
     */
    static String asPlanned(OrderKind kind, long orderAmount, List<PlannedRefund> planned, List<RefundRow> rows) {
        List<RefundRow> shop = rows.stream().filter(RefundRow::shop).toList();
        Map<String, RefundRow> byId = shop.stream().collect(Collectors.toMap(RefundRow::refundId, r -> r));
        Set<String> asked = planned.stream().map(PlannedRefund::refundId).collect(Collectors.toSet());
        for (RefundRow r : shop) {
            if (!asked.contains(r.refundId())) {
                return "refund " + r + " nobody asked for";
            }
        }
        String problem =
                switch (kind) {
                    case REFUND_PART, REFUND_IN_TWO, REFUND_TWICE -> oneAfterTheOther(orderAmount, planned, byId);
                    case REFUND_CONCURRENT -> concurrent(planned, byId);
                    case REFUND_OF_FAILED ->
                        planned.stream()
                                .map(p -> refused(p, byId.get(p.refundId()), NOT_REFUNDABLE))
                                .filter(Objects::nonNull)
                                .findFirst()
                                .orElse(planned.isEmpty() ? "no refund was asked for" : null);
                    default -> planned.isEmpty() ? null : "refunds asked for an order of kind " + kind;
                };
        return problem == null ? null : kind + ": " + problem + "; refunds " + shop + ", asked " + planned;
    }

    private static String oneAfterTheOther(long orderAmount, List<PlannedRefund> planned, Map<String, RefundRow> byId) {
        if (planned.isEmpty()) {
            return "no refund was asked for";
        }
        long balance = orderAmount;
        for (PlannedRefund p : planned) {
            long expected = p.amount() == null ? balance : p.amount();
            RefundRow row = byId.get(p.refundId());
            if (p.refusedEarly() != null) {
                return p.refundId() + " refused by the edge (" + p.refusedEarly() + ")";
            }
            if (row == null || !row.succeeded() || row.amount() != expected) {
                return p.refundId() + " should have SUCCEEDED with " + expected;
            }
            balance -= expected;
        }
        return null;
    }

    private static String concurrent(List<PlannedRefund> planned, Map<String, RefundRow> byId) {
        if (planned.size() != 2) {
            return "two refunds should have been asked for";
        }
        List<PlannedRefund> succeeded = planned.stream()
                .filter(p -> {
                    RefundRow row = byId.get(p.refundId());
                    return row != null && row.succeeded() && p.amount() != null && row.amount() == p.amount();
                })
                .toList();
        if (succeeded.size() != 1) {
            return "exactly one of two refunds beyond the amount should have SUCCEEDED, not " + succeeded.size();
        }
        PlannedRefund other = planned.get(planned.indexOf(succeeded.getFirst()) == 0 ? 1 : 0);
        return refused(other, byId.get(other.refundId()), REFUND_EXCEEDS_BALANCE);
    }

    /** Null when the refund was refused with {@code code}: a FAILED row with it, or the edge's 409 with it and no row. */
    private static String refused(PlannedRefund p, RefundRow row, String code) {
        boolean refused = p.refusedEarly() == null
                ? row != null && "FAILED".equals(row.status()) && code.equals(row.code())
                : p.refusedEarly().equals(code) && row == null;
        return refused ? null : p.refundId() + " should have been refused " + code;
    }

    /**
     * Invariant (a): the PG gave back of the order exactly what our SUCCEEDED refunds say, never more than the order's
     * amount for the shop's refunds, and never more than a payment's approved amount (its balance = approved − cancels).
     */
    static String pgGaveBackWhatWeRecorded(
            long orderAmount, long pgCanceledAmount, List<RefundRow> rows, List<PgPayment> payments) {
        long succeeded = sum(rows.stream().filter(RefundRow::succeeded).toList());
        long shop = sum(rows.stream().filter(r -> r.succeeded() && r.shop()).toList());
        if (pgCanceledAmount != succeeded) {
            return "the PG cancelled " + pgCanceledAmount + ", our SUCCEEDED refunds say " + succeeded;
        }
        if (shop > orderAmount) {
            return "the shop's refunds gave back " + shop + " of an order of " + orderAmount;
        }
        for (PgPayment p : payments) {
            long canceled = p.cancels().stream().mapToLong(PgCancel::amount).sum();
            if (canceled > p.totalAmount() || p.balanceAmount() != p.totalAmount() - canceled) {
                return "payment %s: %d cancelled of %d approved, balance %d"
                        .formatted(p.paymentKey(), canceled, p.totalAmount(), p.balanceAmount());
            }
        }
        return null;
    }

    /**
     * Invariant (b): one PG cancel per SUCCEEDED refund and none else: each SUCCEEDED refund names the transactionKey
     * of a cancel of its amount at the PG, no two refunds name the same, and the PG made no other cancel (a refund
     * cancelled twice, a FAILED refund that did cancel, a cancel of our retries under a new key).
     */
    static String oneCancelPerRefund(List<RefundRow> rows, List<PgPayment> payments) {
        Map<String, PgCancel> cancels = new HashMap<>();
        int count = 0;
        for (PgPayment p : payments) {
            for (PgCancel c : p.cancels()) {
                cancels.put(c.transactionKey(), c);
                count++;
            }
        }
        List<RefundRow> succeeded = rows.stream().filter(RefundRow::succeeded).toList();
        Set<String> named = new HashSet<>();
        for (RefundRow r : succeeded) {
            PgCancel cancel = r.transactionKey() == null ? null : cancels.get(r.transactionKey());
            if (cancel == null || cancel.amount() != r.amount() || !named.add(r.transactionKey())) {
                return "refund %s names the cancel %s, the PG's cancels are %s"
                        .formatted(r, r.transactionKey(), cancels.values());
            }
        }
        return count == succeeded.size()
                ? null
                : "%d cancels at the PG %s for %d SUCCEEDED refunds %s"
                        .formatted(count, cancels.values(), succeeded.size(), succeeded);
    }

    /**
     * Invariant (c): exactly one distinct {@code payment.refund.completed} record per ended refund, under {@code
     * <orderId>:refund:<refundId>}, saying its status (every copy of it); none for a refund still REQUESTED, and none
     * for a refund the worker did not record.
     */
    static String oneRecordPerEndedRefund(String orderId, List<RefundRow> rows, List<RefundRecord> records) {
        Map<String, Set<String>> statusesById = new HashMap<>();
        for (RefundRecord r : records) {
            statusesById.computeIfAbsent(r.id(), k -> new HashSet<>()).add(r.status());
        }
        Set<String> expected = new HashSet<>();
        for (RefundRow row : rows) {
            String id = EventIds.refundCompleted(orderId, row.refundId());
            Set<String> statuses = statusesById.get(id);
            if (row.status().equals(REQUESTED)) {
                if (statuses != null) {
                    return "refund " + row + " has a completion record " + statuses;
                }
                continue;
            }
            expected.add(id);
            if (statuses == null || !statuses.equals(Set.of(row.status()))) {
                return "refund " + row + " has completion records " + (statuses == null ? "none" : statuses);
            }
        }
        List<String> unknown = statusesById.keySet().stream()
                .filter(id -> !expected.contains(id))
                .sorted()
                .toList();
        return unknown.isEmpty() ? null : "completion records of no recorded refund: " + unknown;
    }

    /**
     * Invariant (d): a payment the PG approved behind our back for an ended order is given back whole: its give-back
     * refund (the worker's, APPROVED_AFTER_END) SUCCEEDED for the order's amount, and the PG shows it cancelled.
     */
    static String givenBack(String paymentKey, long orderAmount, List<RefundRow> rows, String pgStatus) {
        String id = giveBackId(paymentKey);
        RefundRow giveBack =
                rows.stream().filter(r -> r.refundId().equals(id)).findFirst().orElse(null);
        if (giveBack == null) {
            return "no give-back " + id + " of the payment " + paymentKey + " approved behind our back";
        }
        if (!giveBack.succeeded()
                || giveBack.shop()
                || giveBack.amount() != orderAmount
                || !"APPROVED_AFTER_END".equals(giveBack.reason())) {
            return "give-back " + giveBack + " (" + giveBack.initiator() + ", " + giveBack.reason()
                    + ") is not the whole payment of " + orderAmount + " given back";
        }
        return "CANCELED".equals(pgStatus) ? null : "given back, but the PG shows the payment " + pgStatus;
    }

    /** Invariant (e): the order's refunded_amount is the sum of its SUCCEEDED refunds (no console cancel in the run). */
    static String refundedAmountAgrees(long refundedAmount, List<RefundRow> rows) {
        long succeeded = sum(rows.stream().filter(RefundRow::succeeded).toList());
        return refundedAmount == succeeded
                ? null
                : "refunded_amount " + refundedAmount + ", SUCCEEDED refunds " + succeeded;
    }

    private static long sum(List<RefundRow> rows) {
        return rows.stream().mapToLong(RefundRow::amount).sum();
    }
}
