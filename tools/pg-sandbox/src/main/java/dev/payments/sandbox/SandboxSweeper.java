package dev.payments.sandbox;

import dev.payments.sandbox.api.IdempotencyStore;
import dev.payments.sandbox.payment.Payments;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Expires payments whose window (READY) or confirm deadline (IN_PROGRESS) passed, by itself, every
 * {@code payments.sandbox.expiry-sweep-interval}; forgets Idempotency-Key answers past their retention. The only scans
 * of the store, off the request path.
 */
@Component
class SandboxSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SandboxSweeper.class);

    private final Payments payments;
    private final IdempotencyStore idempotency;
    private final SandboxProperties properties;
    private ScheduledExecutorService timer;

    SandboxSweeper(Payments payments, IdempotencyStore idempotency, SandboxProperties properties) {
        this.payments = payments;
        this.idempotency = idempotency;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("expiry-sweep").daemon().factory());
        long interval = properties.expirySweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    void sweep() {
        try {
            int expired = payments.expireDue();
            int evicted = idempotency.evictExpired();
            if (expired > 0 || evicted > 0) {
                log.debug("Sweep: {} payments expired, {} idempotency answers forgotten", expired, evicted);
            }
        } catch (RuntimeException e) {
            log.error("Expiry sweep failed; it runs again at the next interval", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
