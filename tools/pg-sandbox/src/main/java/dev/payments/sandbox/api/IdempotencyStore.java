package dev.payments.sandbox.api;

import dev.payments.sandbox.SandboxProperties;
import dev.payments.sandbox.payment.Ledger;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Toss's Idempotency-Key: the first answer for (secret key, method, path, key) is stored and replayed as it was, even
 * a 500; while the first request still runs, the same key gets {@code 409 IDEMPOTENT_REQUEST_PROCESSING}. The body of a
 * repeated request is not compared (what Toss does with a different body is unconfirmed). Kept for
 * {@code payments.sandbox.idempotency-retention}.
 */
@Component
public class IdempotencyStore {

    record Key(String apiKey, String method, String path, String idempotencyKey) {}

    private sealed interface Entry {}

    private record Running() implements Entry {}

    private record Stored(ApiResponse response, String orderId, Instant storedAt) implements Entry {}

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final SandboxProperties properties;
    private final TossJson tossJson;
    private final Ledger ledger;
    private final Clock clock;

    IdempotencyStore(SandboxProperties properties, TossJson tossJson, Ledger ledger, Clock clock) {
        this.properties = properties;
        this.tossJson = tossJson;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Runs {@code call} once per key; {@code orderId} names the order for the ledger's replay count. Without a key the
     * call simply runs. If the call throws (a request abandoned on purpose), nothing is stored.
     */
    ApiResponse execute(Key key, String orderId, Supplier<ApiResponse> call) {
        if (key == null) {
            return call.get();
        }
        Running running = new Running();
        Entry existing = entries.putIfAbsent(key, running);
        if (existing instanceof Stored stored) {
            if (stored.orderId() != null) {
                ledger.replayed(stored.orderId());
            }
            return stored.response();
        }
        if (existing != null) {
            return tossJson.error(409, "IDEMPOTENT_REQUEST_PROCESSING", "이전 멱등 요청이 처리중입니다.");
        }
        boolean stored = false;
        try {
            ApiResponse response = call.get();
            entries.put(key, new Stored(response, orderId, clock.instant()));
            stored = true;
            return response;
        } finally {
            if (!stored) {
                entries.remove(key, running);
            }
        }
    }

    /** Forgets answers older than the retention (the periodic sweep). */
    public int evictExpired() {
        Instant cutoff = clock.instant().minus(properties.idempotencyRetention());
        int[] evicted = new int[1];
        entries.entrySet().removeIf(e -> {
            boolean old = e.getValue() instanceof Stored s && s.storedAt().isBefore(cutoff);
            if (old) {
                evicted[0]++;
            }
            return old;
        });
        return evicted[0];
    }

    public void clear() {
        entries.clear();
    }
}
