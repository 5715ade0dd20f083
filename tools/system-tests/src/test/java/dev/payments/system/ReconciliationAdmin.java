package dev.payments.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's reconciliation endpoint ({@code /actuator/reconciliation} on its admin port), as an operator or the
 * finance team uses it: run a window now, read a run as JSON or CSV, list the recent runs and their open items.
 */
final class ReconciliationAdmin {

    /** A run as the endpoint answers it: its window, its counts per class and per resolution, its unmatched items. */
    record Run(JsonNode json) {

        long runId() {
            return json.path("runId").asLong();
        }

        String state() {
            return json.path("state").asString();
        }

        long pgTransactions() {
            return json.path("pgTransactions").asLong();
        }

        /** The number of items of a class (MATCHED, AMOUNT_MISMATCH, MISSING_HERE, MISSING_AT_PG, STATUS_MISMATCH). */
        long count(String drift) {
            return json.path("counts").path(drift).asLong();
        }

        /** The number of items of a resolution (HEALING, HEALED, REPORTED). */
        long resolved(String resolution) {
            return json.path("resolutions").path(resolution).asLong();
        }

        List<JsonNode> items() {
            return StreamSupport.stream(json.path("items").spliterator(), false).toList();
        }

        /** The run's items of one order. */
        List<JsonNode> items(String orderId) {
            return items().stream()
                    .filter(item -> orderId.equals(item.path("orderId").asString(null)))
                    .toList();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;

    ReconciliationAdmin(String workerUrl) {
        this.endpoint = workerUrl + "/actuator/reconciliation";
    }

    /** {@code POST}: reconciles {@code [from, to]} now and answers the finished run with its items. */
    Run reconcile(Instant from, Instant to) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("from", from.toString())
                        .put("to", to.toString())
                        .toString())));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new Run(JSON.readTree(answer.body()));
    }

    /** {@code GET /{runId}}: the run with its items, as JSON. */
    Run run(long runId) {
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(URI.create(endpoint + "/" + runId)).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new Run(JSON.readTree(answer.body()));
    }

    /** {@code GET /{runId}} with {@code Accept: text/csv}: the run's items for finance. */
    HttpResponse<String> csv(long runId) {
        return send(HttpRequest.newBuilder(URI.create(endpoint + "/" + runId))
                .header("Accept", "text/csv")
                .GET());
    }

    /** {@code GET}: the recent runs and the open items of the latest ones. */
    JsonNode overview() {
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(URI.create(endpoint)).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
