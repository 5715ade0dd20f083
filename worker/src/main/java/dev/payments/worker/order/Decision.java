package dev.payments.worker.order;

import java.util.List;

/** What an event does to an order: exactly one of applied, duplicate, parked or rejected. */
public sealed interface Decision {

    /** The timeline's result column. */
    String result();

    /** The event moves the order to {@code order}; {@code effects} must be committed with the new state. */
    record Applied(Order order, List<Effect> effects) implements Decision {
        public Applied {
            effects = List.copyOf(effects);
        }

        @Override
        public String result() {
            return "APPLIED";
        }
    }

    /** The event was seen before, or asks for the state the order is already in: no effect, no second ack. */
    record Duplicate(String reason) implements Decision {
        public static final String SAME_EVENT = "SAME_EVENT";
        public static final String SAME_STATE = "SAME_STATE";
        public static final String SAME_ORDER = "SAME_ORDER";

        @Override
        public String result() {
            return "DUPLICATE";
        }
    }

    /** The order is not issued yet: keep the event and apply it, in arrival order, once it is. */
    record Parked() implements Decision {
        @Override
        public String result() {
            return "PARKED";
        }
    }

    /** The event changes nothing, for {@code reason}; it may still ask for a follow-up, e.g. a PG status check. */
    record Rejected(Rejection reason, List<Effect> effects) implements Decision {
        public Rejected {
            effects = List.copyOf(effects);
        }

        public Rejected(Rejection reason) {
            this(reason, List.of());
        }

        @Override
        public String result() {
            return "REJECTED";
        }
    }
}
