package dev.payments.worker.reconcile.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.payments.worker.reconcile.ledger.ReconciliationRuns.StoredItem;
import dev.payments.worker.reconcile.ledger.ReconciliationRuns.StoredRun;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;

/**
 * The operator's view of reconciliation, on the worker's management port ({@code /actuator/reconciliation}, an internal
 * admin port: docs/operations.md). It shows orderIds, paymentKeys, transactionKeys and amounts, never a token or a
 * secret. Times are ISO-8601 in UTC.
 *
 * <ul>
 *   <li>{@code GET /actuator/reconciliation[?limit=N]}: the latest runs and the open items;
 *   <li>{@code GET /actuator/reconciliation/{runId}}: one run with its items, as JSON, or with {@code Accept: text/csv}
 *       as CSV (RFC 4180) for finance;
 *   <li>{@code POST /actuator/reconciliation {"from":"<instant>","to":"<instant>"}}: a MANUAL run of that window, now,
 *       answered with the run and its items; 409 while the window is being reconciled, 400 for a window that is none.
 * </ul>
 */
@Component
@Endpoint(id = "reconciliation")
public class ReconciliationEndpoint {

    private static final int DEFAULT_RUNS = 20;
    private static final int MAX_RUNS = 500;
    private static final int MAX_OPEN_ITEMS = 1000;
    /** The window is being reconciled (WebEndpointResponse names no constant for it). */
    private static final int CONFLICT = 409;

    /** The item fields, in the order of the JSON and of the CSV's columns. */
    static final List<String> ITEM_FIELDS = List.of(
            "runId",
            "class",
            "resolution",
            "source",
            "orderId",
            "paymentKey",
            "transactionKey",
            "refundId",
            "pgStatus",
            "pgAmount",
            "ourStatus",
            "ourAmount",
            "occurredAt",
            "detail");

    private final ReconciliationRuns runs;
    private final LedgerReconciliation reconciliation;

    ReconciliationEndpoint(ReconciliationRuns runs, LedgerReconciliation reconciliation) {
        this.runs = runs;
        this.reconciliation = reconciliation;
    }

    /** The latest {@code limit} runs (without their items) and every open item. */
    @ReadOperation
    public Overview overview(@Nullable Integer limit) {
        int runCount = limit == null ? DEFAULT_RUNS : Math.clamp(limit, 1, MAX_RUNS);
        reconciliation.refreshOpenItems();
        return new Overview(
                runs.latest(runCount).stream().map(run -> RunView.of(run, null)).toList(),
                runs.openItems(MAX_OPEN_ITEMS).stream().map(ItemView::of).toList());
    }

    /** One run with its items: JSON by default, CSV for {@code Accept: text/csv}. 404 when there is no such run. */
    @ReadOperation(producesFrom = RunFormat.class)
    public WebEndpointResponse<Object> run(@Selector long runId, RunFormat format) {
        Optional<StoredRun> run = runs.run(runId);
        if (run.isEmpty()) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        List<StoredItem> items = runs.items(runId);
        return switch (format) {
            case JSON -> new WebEndpointResponse<>(RunView.of(run.get(), items), format);
            case CSV -> new WebEndpointResponse<>(csv(items), format);
        };
    }

    /** Reconciles {@code from} to {@code to} (ISO-8601 instants) now, and answers the run with its items. */
    @WriteOperation
    public WebEndpointResponse<Object> reconcile(String from, String to) {
        Window window;
        try {
            window = new Window(Instant.parse(from), Instant.parse(to));
        } catch (DateTimeParseException e) {
            return error(
                    WebEndpointResponse.STATUS_BAD_REQUEST,
                    "from and to must be ISO-8601 instants, e.g. 2026-11-23T00:00:00Z");
        } catch (IllegalArgumentException e) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST, "from must be before to");
        }
        return switch (reconciliation.run(RunKind.MANUAL, window)) {
            case LedgerReconciliation.Outcome.NotStarted notStarted ->
                error(CONFLICT, notStarted.why() + ": try again once that run has finished");
            case LedgerReconciliation.Outcome.Done done -> stored(done.runId(), WebEndpointResponse.STATUS_OK);
            // the run and its error, with a status that says it did not reconcile
            case LedgerReconciliation.Outcome.Failed failed ->
                stored(failed.runId(), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        };
    }

    private WebEndpointResponse<Object> stored(long runId, int status) {
        return runs.run(runId)
                .<WebEndpointResponse<Object>>map(
                        run -> new WebEndpointResponse<>(RunView.of(run, runs.items(runId)), status))
                .orElseGet(() -> error(WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR, "run " + runId + " is gone"));
    }

    private static WebEndpointResponse<Object> error(int status, String message) {
        return new WebEndpointResponse<>(Map.of("error", message), status);
    }

    /** The run's items as CSV (RFC 4180): a header line of the item fields, then one line per item, CRLF-ended. */
    static String csv(List<StoredItem> items) {
        StringBuilder csv = new StringBuilder(String.join(",", ITEM_FIELDS)).append("\r\n");
        for (StoredItem stored : items) {
            csv.append(ItemView.of(stored).values().stream()
                            .map(ReconciliationEndpoint::csvField)
                            .collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return csv.toString();
    }

    /** A field quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180). */
    static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\r") || text.contains("\n")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** How one run is answered: JSON (the default) or CSV of its items. */
    public enum RunFormat implements Producible<RunFormat> {
        JSON("application/json") {
            @Override
            public boolean isDefault() {
                return true;
            }
        },
        CSV("text/csv;charset=UTF-8");

        private final MimeType mimeType;

        RunFormat(String mimeType) {
            this.mimeType = MimeType.valueOf(mimeType);
        }

        @Override
        public MimeType getProducedMimeType() {
            return mimeType;
        }
    }

    /** {@code GET /actuator/reconciliation}. */
    public record Overview(List<RunView> runs, List<ItemView> openItems) {}

    /** A run; {@code items} only when one run is asked for. */
    public record RunView(
            long runId,
            String kind,
            String windowStart,
            String windowEnd,
            String state,
            String startedAt,
            String finishedAt,
            int pgTransactions,
            Map<String, Integer> counts,
            Map<String, Integer> resolutions,
            String error,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<ItemView> items) {

        static RunView of(StoredRun run, @Nullable List<StoredItem> items) {
            Counts counts = run.counts();
            return new RunView(
                    run.runId(),
                    run.kind().name(),
                    iso(run.window().start()),
                    iso(run.window().end()),
                    run.state(),
                    iso(run.startedAt()),
                    iso(run.finishedAt()),
                    counts.pgTransactions(),
                    named(counts.classes()),
                    named(counts.resolutions()),
                    run.error(),
                    items == null ? null : items.stream().map(ItemView::of).toList());
        }

        private static Map<String, Integer> named(Map<? extends Enum<?>, Integer> counts) {
            Map<String, Integer> named = new LinkedHashMap<>();
            counts.forEach((key, count) -> named.put(key.name(), count));
            return named;
        }
    }

    /** An item, with the fields of {@link #ITEM_FIELDS}. */
    public record ItemView(
            long runId,
            @JsonProperty("class") String drift,
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

        static ItemView of(StoredItem stored) {
            Item item = stored.item();
            return new ItemView(
                    stored.runId(),
                    item.drift().name(),
                    item.resolution().name(),
                    item.source().name(),
                    item.orderId(),
                    item.paymentKey(),
                    item.transactionKey(),
                    item.refundId(),
                    item.pgStatus(),
                    item.pgAmount(),
                    item.ourStatus(),
                    item.ourAmount(),
                    iso(item.occurredAt()),
                    item.detail());
        }

        /** The values in the order of {@link #ITEM_FIELDS}. */
        List<Object> values() {
            return Arrays.asList(
                    runId,
                    drift,
                    resolution,
                    source,
                    orderId,
                    paymentKey,
                    transactionKey,
                    refundId,
                    pgStatus,
                    pgAmount,
                    ourStatus,
                    ourAmount,
                    occurredAt,
                    detail);
        }
    }

    private static String iso(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
