package dev.payments.shop.orders;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The orders the shop issued, newest first, the last {@value #CAPACITY} only, in memory: a demo shop needs no database
 * to remember which orders to show, and the payment system holds the truth about each (a restart forgets the list,
 * never an order).
 */
@Component
public class OrderBook {

    /** How many orders the book keeps, and the Orders page shows. */
    public static final int CAPACITY = 20;

    /** An order as the shop issued it. */
    public record Entry(String orderId, String orderName, long amount) {}

    private final int capacity;
    private final Deque<Entry> newestFirst = new ArrayDeque<>();

    public OrderBook() {
        this(CAPACITY);
    }

    OrderBook(int capacity) {
        this.capacity = capacity;
    }

    /** Notes an issued order; an order issued again (a retried issuance) moves to the front rather than twice. */
    public synchronized void add(Entry entry) {
        newestFirst.removeIf(e -> e.orderId().equals(entry.orderId()));
        newestFirst.addFirst(entry);
        while (newestFirst.size() > capacity) {
            newestFirst.removeLast();
        }
    }

    public synchronized List<Entry> newestFirst() {
        return List.copyOf(newestFirst);
    }
}
