package dev.payments.testsupport;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs checks side by side on a few threads, for code that shares state between its callers. */
public final class Concurrently {

    private Concurrently() {}

    /** Each check's answer, in the checks' order; a check that throws fails the call. */
    public static <T> List<T> run(int threads, List<Callable<T>> checks) throws InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            return pool.invokeAll(checks).stream().map(Concurrently::value).toList();
        }
    }

    private static <T> T value(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a check failed", e.getCause());
        }
    }
}
