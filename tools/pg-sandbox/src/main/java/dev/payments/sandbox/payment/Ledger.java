package dev.payments.sandbox.payment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * What the sandbox did per orderId, for tests and benchmarks: approvals (must never exceed 1), confirm calls, replays,
 * cancels and the cancelled amount (per order and per paymentKey), deposits and their reversals, webhooks, look-ups,
 * rows of the transaction list.
 * Lock-free counters; orders approved more than once are kept in a set as they happen. A virtual account is approved
 * by its deposit, and a reversed deposit takes its approval back: {@code approvals} counts the approvals in force.
 */
@Component
public class Ledger {

    /** The counters of one order. */
    public static final class Entry {
        final LongAdder approvals = new LongAdder();
        final LongAdder confirmCalls = new LongAdder();
        final LongAdder replays = new LongAdder();
        final LongAdder rejectedConfirms = new LongAdder();
        final LongAdder webhooksSent = new LongAdder();
        final LongAdder webhooksDelivered = new LongAdder();
        final LongAdder webhooksDropped = new LongAdder();
        final LongAdder webhookAttempts = new LongAdder();
        final LongAdder lookups = new LongAdder();
        final LongAdder cancels = new LongAdder();
        final LongAdder canceledAmount = new LongAdder();
        final LongAdder consoleCancels = new LongAdder();
        final LongAdder deposits = new LongAdder();
        final LongAdder depositReversals = new LongAdder();
        final LongAdder depositCallbacksSent = new LongAdder();
        final LongAdder transactions = new LongAdder();
        // per paymentKey: {cancels, canceledAmount}; an order may have had more than one payment window
        final ConcurrentHashMap<String, LongAdder[]> byPaymentKey = new ConcurrentHashMap<>();

        public long approvals() {
            return approvals.sum();
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<String> approvedMoreThanOnce = ConcurrentHashMap.newKeySet();

    private Entry of(String orderId) {
        return entries.computeIfAbsent(orderId, id -> new Entry());
    }

    /** The order is known from now on (its counters start at zero). */
    void opened(String orderId) {
        of(orderId);
    }

    void approved(String orderId) {
        Entry entry = of(orderId);
        entry.approvals.increment();
        if (entry.approvals.sum() > 1) {
            approvedMoreThanOnce.add(orderId);
        }
    }

    /** A virtual account's deposit: the payment's approval. */
    void deposited(String orderId) {
        approved(orderId);
        of(orderId).deposits.increment();
    }

    /** A deposit reversed: its approval no longer holds. */
    void depositReversed(String orderId) {
        Entry entry = of(orderId);
        entry.approvals.decrement();
        entry.depositReversals.increment();
    }

    /** A cancel of {@code amount} processed; {@code console} when made behind the merchant's back. */
    void canceled(String orderId, String paymentKey, long amount, boolean console) {
        Entry entry = of(orderId);
        entry.cancels.increment();
        entry.canceledAmount.add(amount);
        if (console) {
            entry.consoleCancels.increment();
        }
        LongAdder[] perKey =
                entry.byPaymentKey.computeIfAbsent(paymentKey, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        perKey[0].increment();
        perKey[1].add(amount);
    }

    /** A row was added to the transaction list (GET /v1/transactions). */
    void transactionListed(String orderId) {
        of(orderId).transactions.increment();
    }

    public void confirmCalled(String orderId) {
        of(orderId).confirmCalls.increment();
    }

    public void replayed(String orderId) {
        of(orderId).replays.increment();
    }

    public void confirmRejected(String orderId) {
        of(orderId).rejectedConfirms.increment();
    }

    public void lookedUp(String orderId) {
        of(orderId).lookups.increment();
    }

    public void webhookQueued(String orderId) {
        of(orderId).webhooksSent.increment();
    }

    public void depositCallbackQueued(String orderId) {
        of(orderId).depositCallbacksSent.increment();
    }

    public void webhookDropped(String orderId) {
        of(orderId).webhooksDropped.increment();
    }

    public void webhookAttempted(String orderId) {
        of(orderId).webhookAttempts.increment();
    }

    public void webhookDelivered(String orderId) {
        of(orderId).webhooksDelivered.increment();
    }

    /** The counters of {@code orderId}, or null when the sandbox never saw it. */
    public Map<String, Object> counters(String orderId) {
        Entry e = entries.get(orderId);
        if (e == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("approvals", e.approvals.sum());
        m.put("confirmCalls", e.confirmCalls.sum());
        m.put("replays", e.replays.sum());
        m.put("rejectedConfirms", e.rejectedConfirms.sum());
        m.put("cancels", e.cancels.sum());
        m.put("canceledAmount", e.canceledAmount.sum());
        m.put("consoleCancels", e.consoleCancels.sum());
        Map<String, Object> perKey = new LinkedHashMap<>();
        e.byPaymentKey.forEach((key, counts) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("cancels", counts[0].sum());
            c.put("canceledAmount", counts[1].sum());
            perKey.put(key, c);
        });
        m.put("cancelsByPaymentKey", perKey);
        m.put("deposits", e.deposits.sum());
        m.put("depositReversals", e.depositReversals.sum());
        m.put("webhooksSent", e.webhooksSent.sum());
        m.put("depositCallbacksSent", e.depositCallbacksSent.sum());
        m.put("webhooksDelivered", e.webhooksDelivered.sum());
        m.put("webhooksDropped", e.webhooksDropped.sum());
        m.put("webhookAttempts", e.webhookAttempts.sum());
        m.put("lookups", e.lookups.sum());
        m.put("transactions", e.transactions.sum());
        return m;
    }

    /** Totals over every order (a scan: test and benchmark use only), and the orders approved more than once. */
    public Map<String, Object> summary() {
        long orders = 0;
        long[] totals = new long[16];
        for (Entry e : entries.values()) {
            orders++;
            totals[0] += e.approvals.sum();
            totals[1] += e.confirmCalls.sum();
            totals[2] += e.replays.sum();
            totals[3] += e.rejectedConfirms.sum();
            totals[4] += e.cancels.sum();
            totals[5] += e.webhooksSent.sum();
            totals[6] += e.webhooksDelivered.sum();
            totals[7] += e.webhooksDropped.sum();
            totals[8] += e.webhookAttempts.sum();
            totals[9] += e.lookups.sum();
            totals[10] += e.canceledAmount.sum();
            totals[11] += e.consoleCancels.sum();
            totals[12] += e.deposits.sum();
            totals[13] += e.depositReversals.sum();
            totals[14] += e.depositCallbacksSent.sum();
            totals[15] += e.transactions.sum();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orders", orders);
        m.put("approvals", totals[0]);
        m.put("confirmCalls", totals[1]);
        m.put("replays", totals[2]);
        m.put("rejectedConfirms", totals[3]);
        m.put("cancels", totals[4]);
        m.put("canceledAmount", totals[10]);
        m.put("consoleCancels", totals[11]);
        m.put("deposits", totals[12]);
        m.put("depositReversals", totals[13]);
        m.put("webhooksSent", totals[5]);
        m.put("depositCallbacksSent", totals[14]);
        m.put("webhooksDelivered", totals[6]);
        m.put("webhooksDropped", totals[7]);
        m.put("webhookAttempts", totals[8]);
        m.put("lookups", totals[9]);
        m.put("transactions", totals[15]);
        List<String> violations = new ArrayList<>(approvedMoreThanOnce);
        violations.sort(null);
        m.put("ordersApprovedMoreThanOnce", violations);
        return m;
    }

    public void clear() {
        entries.clear();
        approvedMoreThanOnce.clear();
    }
}
