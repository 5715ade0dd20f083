package dev.payments.faults.check;

import dev.payments.faults.load.PlannedOrder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciliation at the end of a scenario, as an operator runs it: a MANUAL run of the scenario's whole window on
 * one worker ({@code POST /actuator/reconciliation}, synchronous: it answers the run with its items), then, once the
 * heals it asked for have been applied, a second run of the same window, which must ask the PG nothing new and change
 * no order.
 */
public final class Reconciliations {

    /**
     * What the two runs found and what the second one changed.
     *
     * @param first the first run of the window
     * @param second the second run of the same window, once the first one's heals were applied
     * @param newLookups payment look-ups the PG answered from the second run's start to its end (every order's)
     * @param newCancels cancels the PG made from the second run's start to its end (every order's)
     * @param driftLookupsAdded look-ups of the drifted orders' payments from the second run's start to its end (their
     *     webhooks are all dropped: only a reconciliation asks about them)
     * @param ordersChanged orders and refunds whose row the second run changed
     * @param error why the reconciliation could not be run to its end; null when it was
     */
    public record Report(
            Instant from,
            Instant to,
            ReconciliationRun first,
            ReconciliationRun second,
            long newLookups,
            long newCancels,
            long driftLookupsAdded,
            long ordersChanged,
            String error) {

        static Report failed(Instant from, Instant to, String error) {
            return new Report(from, to, ReconciliationRun.NONE, ReconciliationRun.NONE, 0, 0, 0, 0, error);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A run reads every page of the window from the PG, waiting out its 429s and 500s: far within this. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final InvariantChecker checker;
    private final String jdbcUrl;
    private final String sandboxUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Reconciliations(InvariantChecker checker, String jdbcUrl, String sandboxUrl) {
        this.checker = checker;
        this.jdbcUrl = jdbcUrl;
        this.sandboxUrl = sandboxUrl;
    }

    /**
     * Reconciles {@code [from, to]} on the worker at {@code workerUrl}; {@code awaitHealed} returns once what the first
     * run asked for (PG look-ups, and what their answers made the orders do) has been applied.
     */
    public Report reconcile(String workerUrl, Instant from, Instant to, List<PlannedOrder> plan, Runnable awaitHealed) {
        try {
            ReconciliationRun first = run(workerUrl, from, to);
            awaitHealed.run();
            List<PlannedOrder> drifted =
                    plan.stream().filter(PlannedOrder::drifted).toList();
            Map<String, InvariantChecker.Ledger> driftBefore = checker.ledger(drifted);
            long lookupsBefore = ReplayCheck.ledgerTotal(sandboxUrl, "lookups");
            long cancelsBefore = ReplayCheck.ledgerTotal(sandboxUrl, "cancels");
            Map<String, String> ordersBefore = ReplayCheck.ordersAndRefunds(jdbcUrl);
            ReconciliationRun second = run(workerUrl, from, to);
            long lookups = ReplayCheck.ledgerTotal(sandboxUrl, "lookups") - lookupsBefore;
            long cancels = ReplayCheck.ledgerTotal(sandboxUrl, "cancels") - cancelsBefore;
            Map<String, String> ordersAfter = ReplayCheck.ordersAndRefunds(jdbcUrl);
            long changed = ordersAfter.entrySet().stream()
                    .filter(e -> !e.getValue().equals(ordersBefore.get(e.getKey())))
                    .count();
            long driftLookups = checker.ledger(drifted).entrySet().stream()
                    .mapToLong(e -> e.getValue().lookups()
                            - driftBefore
                                    .getOrDefault(e.getKey(), InvariantChecker.Ledger.NONE)
                                    .lookups())
                    .sum();
            return new Report(from, to, first, second, lookups, cancels, driftLookups, changed, null);
        } catch (RuntimeException e) {
            return Report.failed(from, to, e.getMessage());
        }
    }

    /** One MANUAL run of the window, synchronously. */
    private ReconciliationRun run(String workerUrl, Instant from, Instant to) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(workerUrl + "/actuator/reconciliation"))
                .timeout(RUN_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("from", from.toString())
                        .put("to", to.toString())
                        .toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST /actuator/reconciliation failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "POST /actuator/reconciliation answered " + response.statusCode() + ": " + response.body());
        }
        return ReconciliationRun.parse(JSON.readTree(response.body()));
    }
}
