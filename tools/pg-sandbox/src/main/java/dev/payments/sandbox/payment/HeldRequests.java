package dev.payments.sandbox.payment;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Requests the sandbox deliberately never answers (NEVER_ANSWER). Each one parks its (virtual) thread until the sandbox
 * resets or shuts down, or a maximum hold passes. Stopped before the web server's graceful shutdown (highest phase),
 * so held requests cannot delay the shutdown.
 */
@Component
public class HeldRequests implements SmartLifecycle {

    private volatile CountDownLatch release = new CountDownLatch(1);
    private volatile boolean running;
    private final AtomicInteger held = new AtomicInteger();

    /** Parks the calling thread; returns when released or after {@code max}. */
    void hold(Duration max) {
        if (!running) {
            return;
        }
        CountDownLatch latch = release;
        held.incrementAndGet();
        try {
            latch.await(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.decrementAndGet();
        }
    }

    /** How many requests are held right now. */
    public int count() {
        return held.get();
    }

    /** Lets every held request go. */
    public void releaseAll() {
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        old.countDown();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        releaseAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
