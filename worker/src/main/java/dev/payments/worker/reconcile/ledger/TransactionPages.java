package dev.payments.worker.reconcile.ledger;

import dev.payments.worker.pg.client.PgTransaction;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.pg.client.TransactionsResult;
import dev.payments.worker.pg.jobs.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads the PG's transactions list over a span, page by page: each page starts after the last row of the one before
 * ({@code startingAfter}), and a page with fewer rows than asked for is the last. A throttled page (429) is asked
 * again after the PG's {@code Retry-After}, a transient failure after a back-off; a page that fails
 * {@code max-attempts} times, or that the PG refuses, ends the read as failed.
 */
final class TransactionPages {

    /** Waits between two attempts of a page; {@link Thread#sleep} but in tests. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Takes one page's rows, in the PG's order. */
    @FunctionalInterface
    interface PageHandler {
        void accept(List<PgTransaction> rows);
    }

    sealed interface Outcome {
        record Read(int pages) implements Outcome {}

        record Failed(String error) implements Outcome {}
    }

    private final TossPaymentsClient pg;
    private final ReconciliationProperties settings;
    private final Backoff backoff;
    private final Pause pause;

    TransactionPages(TossPaymentsClient pg, ReconciliationProperties settings, Pause pause) {
        this.pg = pg;
        this.settings = settings;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        this.pause = pause;
    }

    /** Hands every page of {@code span} to {@code handler}, in order, and says whether all of them were read. */
    Outcome readAll(Window span, PageHandler handler) throws InterruptedException {
        String startingAfter = null;
        for (int page = 1; ; page++) {
            PageOrError next = read(span, startingAfter, page);
            if (next.error() != null) {
                return new Outcome.Failed(next.error());
            }
            List<PgTransaction> rows = next.rows();
            handler.accept(rows);
            if (rows.size() < settings.pageSize()) {
                return new Outcome.Read(page);
            }
            String last = rows.getLast().transactionKey();
            if (last.equals(startingAfter)) {
                // a PG that answers the same page again would keep us here forever
                return new Outcome.Failed("page " + page + " of the transactions list repeated the page before it");
            }
            startingAfter = last;
        }
    }

    private record PageOrError(List<PgTransaction> rows, String error) {}

    private PageOrError read(Window span, String startingAfter, int page) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            TransactionsResult answer = pg.transactions(
                    span.start(),
                    span.end(),
                    startingAfter,
                    settings.pageSize(),
                    settings.zone(),
                    settings.readTimeout());
            Duration wait;
            String failure;
            switch (answer) {
                case TransactionsResult.Page found -> {
                    return new PageOrError(found.rows(), null);
                }
                case TransactionsResult.Refused refused -> {
                    return new PageOrError(
                            null,
                            "the PG refused page " + page + " of the transactions list: " + refused.code() + " "
                                    + refused.message());
                }
                case TransactionsResult.TooManyRequests throttled -> {
                    if (throttled.retryAfter() != null && throttled.retryAfter().compareTo(settings.maxBackoff()) > 0) {
                        return new PageOrError(
                                null,
                                "the PG throttles the transactions list and asks us to wait " + throttled.retryAfter()
                                        + ", longer than max-backoff");
                    }
                    wait = throttled.retryAfter() != null
                            ? throttled.retryAfter()
                            : backoff.after(attempt, ThreadLocalRandom.current());
                    failure = "HTTP 429";
                }
                case TransactionsResult.Transient t -> {
                    wait = backoff.after(attempt, ThreadLocalRandom.current());
                    failure = t.reason();
                }
            }
            if (attempt >= settings.maxAttempts()) {
                return new PageOrError(
                        null,
                        "page " + page + " of the transactions list failed " + attempt + " times; last: " + failure);
            }
            pause.sleep(wait);
        }
    }
}
