package dev.payments.faults.check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One reconciliation run as the worker's actuator endpoint ({@code /actuator/reconciliation}) answers it: its window,
 * state, how many PG transactions it read, its items counted by class and by resolution, and the items that are not
 * MATCHED (the worker stores only those).
 */
public record ReconciliationRun(
        long runId,
        String kind,
        Instant windowStart,
        Instant windowEnd,
        String state,
        long pgTransactions,
        Map<String, Long> counts,
        Map<String, Long> resolutions,
        String error,
        List<Item> items) {

    public static final String MATCHED = "MATCHED";
    public static final String AMOUNT_MISMATCH = "AMOUNT_MISMATCH";
    public static final String MISSING_HERE = "MISSING_HERE";
    public static final String MISSING_AT_PG = "MISSING_AT_PG";
    public static final String STATUS_MISMATCH = "STATUS_MISMATCH";
    public static final String HEALING = "HEALING";
    public static final String HEALED = "HEALED";
    public static final String REPORTED = "REPORTED";

    static final List<String> CLASSES = List.of(MATCHED, AMOUNT_MISMATCH, MISSING_HERE, MISSING_AT_PG, STATUS_MISMATCH);
    static final List<String> RESOLUTIONS = List.of(HEALING, HEALED, REPORTED);

    /** A run that never answered: nothing read, nothing classified. */
    static final ReconciliationRun NONE =
            new ReconciliationRun(0, null, null, null, null, 0, Map.of(), Map.of(), null, List.of());

    public ReconciliationRun {
        counts = Map.copyOf(counts);
        resolutions = Map.copyOf(resolutions);
        items = List.copyOf(items);
    }

    /** An item of the run that is not MATCHED: what the PG or we hold that the other side does not agree with. */
    public record Item(
            String itemClass,
            String resolution,
            String source,
            String orderId,
            String paymentKey,
            String transactionKey,
            String refundId,
            String pgStatus,
            Long pgAmount,
            String ourStatus,
            Long ourAmount,
            String occurredAt,
            String detail) {

        /** One line of a report. */
        String line() {
            return "%s %s %s: order %s, payment %s, transaction %s, PG %s %s, ours %s %s%s"
                    .formatted(
                            itemClass,
                            resolution,
                            source,
                            orderId,
                            paymentKey,
                            transactionKey,
                            pgStatus,
                            pgAmount,
                            ourStatus,
                            ourAmount,
                            detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        }
    }

    /** The run as the endpoint's JSON has it (times ISO-8601; absent counts are 0). */
    static ReconciliationRun parse(JsonNode run) {
        List<Item> items = new ArrayList<>();
        run.path("items")
                .forEach(i -> items.add(new Item(
                        text(i, "class"),
                        text(i, "resolution"),
                        text(i, "source"),
                        text(i, "orderId"),
                        text(i, "paymentKey"),
                        text(i, "transactionKey"),
                        text(i, "refundId"),
                        text(i, "pgStatus"),
                        number(i, "pgAmount"),
                        text(i, "ourStatus"),
                        number(i, "ourAmount"),
                        text(i, "occurredAt"),
                        text(i, "detail"))));
        return new ReconciliationRun(
                run.path("runId").asLong(0),
                text(run, "kind"),
                instant(run, "windowStart"),
                instant(run, "windowEnd"),
                text(run, "state"),
                run.path("pgTransactions").asLong(0),
                counted(run.path("counts"), CLASSES),
                counted(run.path("resolutions"), RESOLUTIONS),
                text(run, "error"),
                items);
    }

    /** Items of class {@code itemClass} (MATCHED included: the endpoint counts them, stores none). */
    public long count(String itemClass) {
        return counts.getOrDefault(itemClass, 0L);
    }

    /** Items resolved {@code resolution}. */
    public long resolved(String resolution) {
        return resolutions.getOrDefault(resolution, 0L);
    }

    /** Items of every class but MATCHED. */
    public long unmatched() {
        return counts.entrySet().stream()
                .filter(e -> !e.getKey().equals(MATCHED))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Whether the run ran to its end. */
    public boolean done() {
        return "DONE".equals(state);
    }

    /** Its counts in a few words: PG transactions, each class, each resolution. */
    String summary() {
        return "run %d %s: %d PG transactions; %d matched, %d amount mismatch, %d missing here, %d missing at PG, %d"
                        .formatted(
                                runId,
                                state,
                                pgTransactions,
                                count(MATCHED),
                                count(AMOUNT_MISMATCH),
                                count(MISSING_HERE),
                                count(MISSING_AT_PG),
                                count(STATUS_MISMATCH))
                + " status mismatch; %d healing, %d healed, %d reported"
                        .formatted(resolved(HEALING), resolved(HEALED), resolved(REPORTED))
                + (error == null || error.isBlank() ? "" : "; error " + error);
    }

    private static Map<String, Long> counted(JsonNode counts, List<String> names) {
        Map<String, Long> m = new LinkedHashMap<>();
        names.forEach(n -> m.put(n, counts.path(n).asLong(0)));
        return m;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }
}
