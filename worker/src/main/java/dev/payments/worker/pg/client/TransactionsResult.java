package dev.payments.worker.pg.client;

import java.time.Duration;
import java.util.List;

/** What the PG answered to one page of its transactions list. */
public sealed interface TransactionsResult {

    /** 200: the page's rows in the PG's order; fewer than the limit asked for means it was the last page. */
    record Page(List<PgTransaction> rows) implements TransactionsResult {

        public Page {
            rows = List.copyOf(rows);
        }
    }

    /**
     * 429: the PG throttles us.
     *
     * @param retryAfter how long the PG asked us to wait ({@code Retry-After} in seconds); null when it named none
     */
    record TooManyRequests(Duration retryAfter) implements TransactionsResult {}

    /** No answer worth keeping (timeout, I/O error, 5xx, an unreadable body): the same page may be asked again. */
    record Transient(String reason) implements TransactionsResult {}

    /** A 4xx: the PG refuses the request as sent (our dates, key or credentials); asking again changes nothing. */
    record Refused(String code, String message) implements TransactionsResult {}
}
