package dev.payments.schemas;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How a payments worker proves that it wrote an event of {@link Topics#ORDER_EVENTS} (docs/contract.md §2
 * "Authenticated", §3). Any producer may write to that topic; events that carry the PG's word or the worker's own
 * decision ({@link #requiredFor}) change an order only with this proof.
 *
 * <p>The proof is the CloudEvents extension attribute {@value #ATTRIBUTE} ({@link CloudEvent#workerauth()}), inside the
 * envelope's JSON, so it survives parking and every later read of the record's bytes: {@code v1:} followed by the
 * base64 (RFC 4648, padded) HMAC-SHA256 of the UTF-8 bytes of {@link #canonicalForm}, keyed with the UTF-8 bytes of
 * {@code payments.worker.event-key}, a key only worker instances hold. The worker signs every event it feeds back to
 * the topic; the key and the HMAC live in the worker.
 *
 * <p>The canonical form, version 1, is built from the typed event, never from the JSON bytes (which no reader can
 * reproduce): a first line {@code workerauth/v1}, then one line {@code <name>=<value>} per field, each ended by
 * {@code \n}, in this order: {@code id}, {@code source}, {@code type}, {@code subject}, {@code time}, then
 * {@code data.<component>} for every component of the data record in declaration order (a nested record: a line
 * {@code data.<component>=+} followed by its own components as {@code data.<component>.<sub>}). A value is {@code ~}
 * for null, else {@code <n>:<text>} with {@code n} the number of UTF-8 bytes of {@code text}, so no value can end
 * another's line early. {@code text} is a string as it is; a boolean {@code true}/{@code false}; an integer in
 * decimal; an enum constant by its name; an {@link Instant} or {@link OffsetDateTime} as the UTC instant it names, in
 * ISO-8601 ({@link Instant#toString()}, e.g. {@code 2026-11-23T10:15:30.120Z}), so an offset written differently
 * signs the same. JSON fields the data record does not have are ignored by every reader, so they need no cover.
 */
public final class WorkerEventProof {

    /** The CloudEvents extension attribute that carries the proof. */
    public static final String ATTRIBUTE = "workerauth";

    /** The version of the proof and its canonical form; the attribute's value starts with it and a colon. */
    public static final String VERSION = "v1";

    /** The longest attribute value a reader accepts (the JSON Schemas' bound). */
    public static final int MAX_LENGTH = 200;

    private static final String HEADER = ATTRIBUTE + "/" + VERSION;
    private static final String NULL = "~";
    private static final String NESTED = "+";

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private WorkerEventProof() {}

    /**
     * Whether an event with this data changes an order only with a worker's proof: it carries the PG's word or the
     * worker's own decision. Every data type is named here, so a new one (the refunds' {@code payment.pg.refund})
     * does not compile until it is decided.
     */
    public static boolean requiredFor(EventData data) {
        return switch (data) {
            case PgConfirmation confirmation -> true;
            case OrderExpire expire -> true;
            case PgRefund refund -> true;
            // a webhook's hint (NONE) only makes the worker ask the PG; any other verification claims the PG's word
            case PgStatus status -> status.verification() != PgStatus.Verification.NONE;
            case OrderIssued issued -> false;
            case CheckoutStarted checkout -> false;
            case PgResult result -> false;
            // a shop's request: anyone may ask, the worker decides against the order's balance
            case RefundRequested refund -> false;
            // the worker's records for shops, on payments.completions: no input of the worker at all
            case OrderCompleted completed -> false;
            case OrderAnomaly anomaly -> false;
            case RefundCompleted completed -> false;
            case OrderAwaitingDeposit awaiting -> false;
        };
    }

    /** The text the proof of {@code event} is computed over (see the class comment); its proof is not part of it. */
    public static String canonicalForm(CloudEvent<? extends EventData> event) {
        StringBuilder out = new StringBuilder(256).append(HEADER).append('\n');
        line(out, "id", event.id());
        line(out, "source", event.source());
        line(out, "type", event.type());
        line(out, "subject", event.subject());
        line(out, "time", event.time());
        components(out, "data", record(event.data()));
        return out.toString();
    }

    /**
     * The {@code data.*} lines of the canonical form alone: the content of an event's data, the same for the same data
     * however it was serialised.
     */
    public static String canonicalData(EventData data) {
        StringBuilder out = new StringBuilder(128);
        components(out, "data", record(data));
        return out.toString();
    }

    /** Every event's data is a record (the contract's types are); its components are what the proof covers. */
    private static Record record(EventData data) {
        if (data instanceof Record record) {
            return record;
        }
        throw new IllegalArgumentException(
                "event data must be a record: " + data.getClass().getName());
    }

    private static void components(StringBuilder out, String prefix, Record record) {
        for (RecordComponent component : COMPONENTS.get(record.getClass())) {
            String name = prefix + "." + component.getName();
            Object value = valueOf(component, record);
            if (value instanceof Record nested) {
                out.append(name).append('=').append(NESTED).append('\n');
                components(out, name, nested);
            } else {
                line(out, name, value);
            }
        }
    }

    private static void line(StringBuilder out, String name, Object value) {
        out.append(name).append('=');
        if (value == null) {
            out.append(NULL);
        } else {
            String text = text(name, value);
            out.append(text.getBytes(StandardCharsets.UTF_8).length).append(':').append(text);
        }
        out.append('\n');
    }

    private static String text(String name, Object value) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Integer i -> i.toString();
            case Enum<?> e -> e.name();
            case Instant instant -> instant.toString();
            case OffsetDateTime dateTime -> dateTime.toInstant().toString();
            default ->
                throw new IllegalArgumentException(
                        name + " is a " + value.getClass().getName()
                                + ", which has no canonical form yet: define one in WorkerEventProof (and its version)");
        };
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
