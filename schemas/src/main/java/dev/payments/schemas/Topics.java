package dev.payments.schemas;

/** Kafka topic names of the contract (docs/contract.md §3). */
public final class Topics {

    /** Every event about an order, keyed by orderId; read by the worker in offset order per order. */
    public static final String ORDER_EVENTS = "payments.order-events";

    /** One {@code payment.order.completed} record per order, keyed by orderId; read by shops. */
    public static final String COMPLETIONS = "payments.completions";

    /** Records of {@link #ORDER_EVENTS} the worker could not parse or validate, with the failure in headers. */
    public static final String ORDER_EVENTS_DLT = "payments.order-events.dlt";

    private Topics() {}
}
