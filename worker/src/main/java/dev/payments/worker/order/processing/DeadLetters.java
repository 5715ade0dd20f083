package dev.payments.worker.order.processing;

/** Names used on records of the dead-letter topic besides Spring Kafka's standard kafka_dlt-* headers. */
public final class DeadLetters {

    /** Why the record could not be applied: UNPARSEABLE, SCHEMA_INVALID, KEY_SUBJECT_MISMATCH, ... */
    public static final String REASON_HEADER = "payments_dlt-reason";

    private DeadLetters() {}
}
