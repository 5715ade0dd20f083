package dev.payments.worker.pg.jobs;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What came of one attempt at a job: see {@link JobDispatcher#work}. */
public sealed interface Step {

    /**
     * The job is finished with {@code outcome}. Its {@code event}, if any, goes back to the order's partition in the
     * transaction that marks the job done.
     */
    record Finish(String outcome, Optional<CloudEvent<? extends EventData>> event) implements Step {
        public Finish {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * No answer yet: try again after a back-off, but not before {@code atLeast} (the PG said when to come back).
     * {@code reason} goes to the log and the job's {@code last_error}.
     */
    record Retry(String reason, Duration atLeast) implements Step {
        public Retry {
            Objects.requireNonNull(atLeast, "atLeast");
            if (atLeast.isNegative()) {
                throw new IllegalArgumentException("atLeast must not be negative: " + atLeast);
            }
        }

        /** Try again after the kind's back-off. */
        public Retry(String reason) {
            this(reason, Duration.ZERO);
        }
    }
}
