package dev.payments.sandbox.payment;

import dev.payments.sandbox.SandboxProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The PG's transaction list (거래 내역), as {@code GET /v1/transactions} pages it: one row per approval (a confirm, an
 * approval behind the merchant's back, a virtual account's deposit), per virtual-account issuance and per cancel.
 * Rows are kept in a skip list ordered by the second of their time, then by the order they were recorded, so that a
 * time-range page is a lock-free sub-map walk; a transactionKey index serves {@code startingAfter}. Callers record
 * under the payment's lock, which keeps one payment's rows in the order of its transitions.
 */
@Component
public class Transactions {

    /** One row; {@code status} is the payment's status the row reports, {@code amount} is positive. */
    public record Transaction(
            String transactionKey,
            String paymentKey,
            String orderId,
            Method method,
            Payment.Status status,
            Instant transactionAt,
            long amount) {}

    /** The list's order: the second of transactionAt, then the recording sequence. */
    private record Position(long epochSecond, long sequence) {
        static final Comparator<Position> ORDER =
                Comparator.comparingLong(Position::epochSecond).thenComparingLong(Position::sequence);
    }

    private final ConcurrentSkipListMap<Position, Transaction> rows = new ConcurrentSkipListMap<>(Position.ORDER);
    private final ConcurrentHashMap<String, Position> byKey = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Ledger ledger;
    private final SandboxProperties properties;

    Transactions(Ledger ledger, SandboxProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    /** The payment was approved at {@code at} (DONE): its totalAmount under its lastTransactionKey. */
    void approved(Payment payment, Instant at) {
        record(payment, Payment.Status.DONE, at, payment.totalAmount(), payment.lastTransactionKey());
    }

    /** A virtual account was issued at {@code at} (WAITING_FOR_DEPOSIT): no money moved yet. */
    void issued(Payment payment, Instant at) {
        record(payment, Payment.Status.WAITING_FOR_DEPOSIT, at, payment.totalAmount(), payment.lastTransactionKey());
    }

    /** The payment's latest cancel: its amount and key, the payment's status after it. */
    void canceled(Payment payment) {
        Payment.Cancel cancel = payment.lastCancel();
        record(payment, payment.status(), cancel.canceledAt(), cancel.cancelAmount(), cancel.transactionKey());
    }

    private void record(Payment payment, Payment.Status status, Instant at, long amount, String transactionKey) {
        Transaction row = new Transaction(
                transactionKey, payment.paymentKey(), payment.orderId(), payment.method(), status, at, amount);
        Position position = new Position(at.getEpochSecond(), sequence.incrementAndGet());
        rows.put(position, row);
        byKey.put(transactionKey, position);
        ledger.transactionListed(payment.orderId());
    }

    /**
     * Up to {@code limit} rows whose transactionAt, truncated to the second, lies in [{@code from}, {@code to}], in
     * list order, after the row of {@code startingAfter} (null: from the start).
     *
     * @throws IllegalArgumentException when {@code startingAfter} names no row
     */
    public List<Transaction> page(Instant from, Instant to, String startingAfter, int limit) {
        Position lower = new Position(from.getEpochSecond(), Long.MIN_VALUE);
        Position upper = new Position(to.getEpochSecond(), Long.MAX_VALUE);
        if (Position.ORDER.compare(lower, upper) > 0) {
            return List.of();
        }
        boolean lowerInclusive = true;
        if (startingAfter != null) {
            Position after = byKey.get(startingAfter);
            if (after == null) {
                throw new IllegalArgumentException("unknown transactionKey " + startingAfter);
            }
            if (Position.ORDER.compare(after, lower) >= 0) {
                lower = after;
                lowerInclusive = false;
            }
            if (Position.ORDER.compare(lower, upper) > 0) {
                return List.of();
            }
        }
        NavigableMap<Position, Transaction> range = rows.subMap(lower, lowerInclusive, upper, true);
        List<Transaction> page = new ArrayList<>(Math.min(limit, 256));
        for (Transaction row : range.values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(row);
        }
        return page;
    }

    /** A row as Toss's transactions API answers it. */
    public Map<String, Object> json(Transaction row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mId", properties.mid());
        m.put("transactionKey", row.transactionKey());
        m.put("paymentKey", row.paymentKey());
        m.put("orderId", row.orderId());
        m.put("method", row.method() == null ? null : row.method().korean());
        m.put("customerKey", null);
        m.put("useEscrow", false);
        m.put("receiptUrl", properties.publicUrl() + "/sandbox/receipts/" + row.paymentKey());
        m.put("status", row.status().name());
        m.put("transactionAt", TossTime.format(row.transactionAt()));
        m.put("currency", "KRW");
        m.put("amount", row.amount());
        return m;
    }

    /** Forgets every row (reset). */
    public void clear() {
        rows.clear();
        byKey.clear();
    }
}
