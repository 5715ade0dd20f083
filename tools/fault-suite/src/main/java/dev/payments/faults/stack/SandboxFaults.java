package dev.payments.faults.stack;

import java.time.Duration;
import java.util.List;

/**
 * The PG sandbox's fault injection ({@code payments.sandbox.faults.*}), set when its process starts.
 *
 * @param latency added to every Toss API call
 * @param jitter a random extra latency up to this
 * @param errorRate fraction of Toss API calls answered 500
 * @param webhookDropRate fraction of webhooks never sent
 */
public record SandboxFaults(Duration latency, Duration jitter, double errorRate, double webhookDropRate) {

    public static final SandboxFaults NONE = new SandboxFaults(Duration.ZERO, Duration.ZERO, 0, 0);

    /** Slow (50-200 ms), erroring (20 % 500s) and dropping webhooks (30 %). */
    public static final SandboxFaults DEGRADED =
            new SandboxFaults(Duration.ofMillis(50), Duration.ofMillis(150), 0.2, 0.3);

    List<String> args() {
        return List.of(
                "--payments.sandbox.faults.latency=" + latency.toMillis() + "ms",
                "--payments.sandbox.faults.latency-jitter=" + jitter.toMillis() + "ms",
                "--payments.sandbox.faults.error-rate=" + errorRate,
                "--payments.sandbox.faults.webhook-drop-rate=" + webhookDropRate);
    }

    @Override
    public String toString() {
        return this.equals(NONE)
                ? "none"
                : "latency %d+%d ms, %.0f %% 500s, %.0f %% webhooks dropped"
                        .formatted(latency.toMillis(), jitter.toMillis(), errorRate * 100, webhookDropRate * 100);
    }
}
