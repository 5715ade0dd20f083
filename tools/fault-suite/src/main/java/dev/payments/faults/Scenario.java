package dev.payments.faults;

import dev.payments.faults.stack.SandboxFaults;
import java.util.Arrays;
import java.util.List;

/** The fault scenarios: each fault alone, then all of them in one run. */
public enum Scenario {
    /** No fault: the reference run. */
    BASELINE("no fault", 0),
    /** {@code kill -9} of the worker mid-load, then a new worker process. */
    KILL_WORKER("kill -9 of a worker, restarted", 1),
    /** The Kafka broker stopped mid-load and started again on its kept log. */
    BROKER_RESTART("Kafka broker restarted (log kept)", 1),
    /** PostgreSQL stopped mid-load and started again on its data. */
    POSTGRES_RESTART("PostgreSQL stopped and started", 1),
    /** PostgreSQL killed with SIGKILL mid-load (no shutdown at all), then started: crash recovery. */
    POSTGRES_CRASH("PostgreSQL killed with SIGKILL and started", 1),
    /** Two workers in one group; a third added mid-load, then one killed (two rebalances). */
    REBALANCE("2 -> 3 workers, then one killed (rebalances)", 2),
    /** The PG slow, erroring, timing out and dropping webhooks for the whole run. */
    SANDBOX_FAULTS("PG slow, 5xx, timeouts, dropped webhooks", 0),
    /** The sandbox faults plus every process fault above, one after the other, in one run. */
    ALL_TOGETHER("all faults together", 5);

    private final String description;
    private final int faults;

    Scenario(String description, int faults) {
        this.description = description;
        this.faults = faults;
    }

    /** {@code all}, or names such as {@code kill-worker,broker-restart}. */
    public static List<Scenario> parse(String names) {
        return names.strip().equals("all")
                ? List.of(values())
                : Arrays.stream(names.split(","))
                        .map(s -> valueOf(s.strip().toUpperCase().replace('-', '_')))
                        .toList();
    }

    /** Process faults injected during the load (the PG's faults last the whole run and are not counted). */
    public int faults() {
        return faults;
    }

    /** Workers in the consumer group when the load starts. */
    public int workersAtStart() {
        return this == REBALANCE || this == ALL_TOGETHER ? 2 : 1;
    }

    /** The PG sandbox's faults during the run. */
    public SandboxFaults sandboxFaults() {
        return this == SANDBOX_FAULTS || this == ALL_TOGETHER ? SandboxFaults.DEGRADED : SandboxFaults.NONE;
    }

    /**
     * Whether some confirms and cancels are answered late, never or with 500s (past the worker's read timeout), on top
     * of the sandbox's faults.
     */
    boolean pgFaults() {
        return sandboxFaults() != SandboxFaults.NONE;
    }

    public String description() {
        return description;
    }

    /** A short orderId prefix (letters and digits only) for the scenario's orders in a run. */
    String prefix(String run) {
        return run + name().replace("_", "").toLowerCase();
    }
}
