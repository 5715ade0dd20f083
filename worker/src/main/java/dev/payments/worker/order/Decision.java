package dev.payments.worker.order;

import java.util.List;

/** What an event does to an order: exactly one of applied, duplicate, parked or rejected. */
public sealed interface Decision {

    /** The timeline's result column. */
    String result();

    /**
     * The event moves the order to {@code order}; {@code effects} must be committed with the new state.
     *
     * @param note what the timeline says beside the order's own reason, e.g. {@code CANCELED_AT_PG} for a COMPLETE
     *     order whose refunded amount follows the PG; null: the order's reason
     */
    record Applied(Order order, List<Effect> effects, String note) implements Decision {
        public Applied {
            effects = List.copyOf(effects);
        }

        public Applied(Order order, List<Effect> effects) {
            this(order, effects, null);
        }

        /** The timeline's reason column. */
        public String reason() {
            return note != null ? note : order.reason();
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
        /** A refund request with the refundId, amount and reason of one already recorded. */
        public static final String SAME_REFUND = "SAME_REFUND";

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
