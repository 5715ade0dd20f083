package dev.payments.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator relies on: health that reflects Kafka and the database, and metrics to scrape. */
class OperationsIT extends SystemTestBase {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void workerHealthIsUpWithKafkaAndDatabase() throws Exception {
        HttpResponse<String> health = get(stack.workerUrl() + "/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"kafka\"", "\"db\"");
        HttpResponse<String> readiness = get(stack.workerUrl() + "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"kafka\"", "\"db\"");
    }

    @Test
    void edgeHealthIsUpWithKafkaAndDatabase() throws Exception {
        String edgeUrl = "http://localhost:" + stack.edge.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> health = get(edgeUrl + "/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void workerExposesItsBusinessMetricsToPrometheus() throws Exception {
        String orderId = Fixtures.newOrderId("metrics");
        shop.send(Fixtures.issued(orderId));
        shop.send(Fixtures.success(orderId));
        probe.awaitStatus(orderId, "COMPLETE");

        HttpResponse<String> scrape = get(stack.workerUrl() + "/actuator/prometheus");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("payments_worker_events_total")
                .contains("payments_worker_transitions_total")
                .contains("payments_outbox_backlog")
                .contains("payments_pg_requests");
        // Kafka client metrics of the worker's consumers (Spring Kafka's MicrometerConsumerListener): consumer lag
        assertThat(scrape.body().lines())
                .as("the worker's consumer lag")
                .anyMatch(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag_max{")
                        && line.contains("application=\"payments-worker\""));
    }

    @Test
    void workerTimesEachCompletionFromThePgResultToTheBrokersAck() throws Exception {
        String orderId = Fixtures.newOrderId("latency");
        shop.send(Fixtures.issued(orderId));
        shop.send(Fixtures.success(orderId));
        probe.awaitStatus(orderId, "COMPLETE");

        // the relay times a completion once the broker acknowledged it, which may be just after the status changed
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> scrape = get(stack.workerUrl() + "/actuator/prometheus")
                    .body()
                    .lines()
                    .toList();
            assertThat(scrape)
                    .as("a count for completions ended by the PG's confirm answer")
                    .anyMatch(line -> line.startsWith("payments_completion_latency_seconds_count{")
                            && line.contains("trigger=\"payment.pg.confirmation\"")
                            && countOf(line) >= 1);
            assertThat(scrape)
                    .as("the histogram's buckets, SLO boundaries included")
                    .anyMatch(line -> line.startsWith("payments_completion_latency_seconds_bucket{")
                            && line.contains("le=\"0.1\""))
                    .anyMatch(line -> line.startsWith("payments_completion_latency_seconds_bucket{")
                            && line.contains("le=\"2.5\""))
                    .anyMatch(line -> line.startsWith("payments_completion_latency_seconds_bucket{")
                            && line.contains("le=\"+Inf\"")
                            && countOf(line) >= 1);
        });
    }

    private static double countOf(String sampleLine) {
        return Double.parseDouble(sampleLine.substring(sampleLine.lastIndexOf(' ') + 1));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
