package dev.payments.worker.pg.jobs;

/** A job this instance has claimed from a {@link LeasedJobTable}: leased to it until it is done or rescheduled. */
public interface LeasedJob {

    /** The order the job is for: logs name it, and the job runs in its log context. */
    String orderId();

    /**
     * The job's row in its table: the value of the table's key column. The orderId for tables keyed by order (one job
     * per order); a table with several jobs per order says which one.
     */
    default String jobKey() {
        return orderId();
    }

    /**
     * Claims so far, this one included. It fences this claim's reschedule: once the lease ran out and another
     * instance claimed the job again, this claim can no longer give it back.
     */
    int attempts();
}
