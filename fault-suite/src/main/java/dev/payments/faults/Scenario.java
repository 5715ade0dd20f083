package dev.payments.faults;

/** The fault scenarios: each fault alone, then all of them in one run. */
public enum Scenario {
    /** No fault: the reference run. */
    BASELINE("no fault"),
    /** {@code kill -9} of the worker mid-load, then a new worker process. */
    KILL_WORKER("kill -9 of a worker, restarted"),
    /** The Kafka broker stopped mid-load and started again on its kept log. */
    BROKER_RESTART("Kafka broker restarted (log kept)"),
    /** PostgreSQL stopped mid-load and started again on its data. */
    POSTGRES_RESTART("PostgreSQL stopped and started"),
    /** Two workers in one group; a third added mid-load, then one killed (two rebalances). */
    REBALANCE("2 -> 3 workers, then one killed (rebalances)"),
    /** The PG slow, erroring, timing out and dropping webhooks for the whole run. */
    SANDBOX_FAULTS("PG slow, 5xx, timeouts, dropped webhooks"),
    /** The sandbox faults plus every process fault above, one after the other, in one run. */
    ALL_TOGETHER("all faults together");

    private final String description;

    Scenario(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** A short orderId prefix (letters and digits only) for the scenario's orders in a run. */
    String prefix(String run) {
        return run + name().replace("_", "").toLowerCase().substring(0, 6);
    }
}
