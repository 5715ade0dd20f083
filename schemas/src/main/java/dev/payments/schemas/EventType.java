package dev.payments.schemas;

import java.util.Arrays;
import java.util.Optional;

/** Every CloudEvents {@code type} of the contract, with the record its {@code data} maps to and its JSON Schema. */
public enum EventType {
    ORDER_ISSUED("payment.order.issued", OrderIssued.class),
    CHECKOUT_STARTED("payment.checkout.started", CheckoutStarted.class),
    PG_RESULT("payment.pg.result", PgResult.class),
    PG_CONFIRMATION("payment.pg.confirmation", PgConfirmation.class),
    PG_STATUS("payment.pg.status", PgStatus.class),
    ORDER_EXPIRE("payment.order.expire", OrderExpire.class),
    ORDER_COMPLETED("payment.order.completed", OrderCompleted.class),
    ORDER_ANOMALY("payment.order.anomaly", OrderAnomaly.class),
    REFUND_REQUESTED("payment.refund.requested", RefundRequested.class),
    PG_REFUND("payment.pg.refund", PgRefund.class),
    REFUND_COMPLETED("payment.refund.completed", RefundCompleted.class),
    ORDER_AWAITING_DEPOSIT("payment.order.awaiting-deposit", OrderAwaitingDeposit.class);

    private final String type;
    private final Class<? extends EventData> dataType;

    EventType(String type, Class<? extends EventData> dataType) {
        this.type = type;
        this.dataType = dataType;
    }

    /** The CloudEvents {@code type} string, e.g. {@code payment.pg.result}. */
    public String type() {
        return type;
    }

    public Class<? extends EventData> dataType() {
        return dataType;
    }

    /** Classpath location of the JSON Schema (draft 2020-12) that validates a whole envelope of this type. */
    public String schemaResource() {
        return "json-schema/" + type + ".schema.json";
    }

    public static Optional<EventType> fromType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    public static EventType of(EventData data) {
        return Arrays.stream(values())
                .filter(t -> t.dataType.isInstance(data))
                .findFirst()
                .orElseThrow();
    }
}
