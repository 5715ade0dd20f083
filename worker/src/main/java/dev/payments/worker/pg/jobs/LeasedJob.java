package dev.payments.worker.pg.jobs;

/** A job this instance has claimed from a {@link LeasedJobTable}: leased to it until it is done or rescheduled. */
public interface LeasedJob {

    String orderId();

    /**
     * Claims so far, this one included. It fences this claim's reschedule: once the lease ran out and another
     * instance claimed the job again, this claim can no longer give it back.
     */
    int attempts();
}
