package dev.payments.edge.web;

import static dev.payments.edge.EdgeIntegrationTest.MERCHANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.RawHttp;
import dev.payments.edge.TestOrderIds;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The actuator on the edge's public port: health and its probes for anyone (load balancers), everything else only with
 * the merchant key, however the path is written.
 */
@EdgeIntegrationTest
class ActuatorAccessIT {

    @Autowired
    EdgeHttp http;

    @LocalServerPort
    int port;

    @Test
    void healthAndItsProbesAreAnonymous() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            Response response = http.get(path);

            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.json().get("status").asString()).as(path).isEqualTo("UP");
        }
    }

    @Test
    void prometheusIsRefusedAnonymouslyAndServedWithTheMerchantKey() {
        Response anonymous = http.get("/actuator/prometheus");
        Response wrongKey = http.get("/actuator/prometheus", "Authorization", "Bearer not-the-key");
        Response merchant = http.get("/actuator/prometheus", MERCHANT);

        for (Response refused : List.of(anonymous, wrongKey)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.header("WWW-Authenticate")).hasValue(UnauthenticatedException.BEARER_CHALLENGE);
            assertThat(refused.body()).doesNotContain("payments_edge");
        }
        assertThat(merchant.status()).isEqualTo(200);
        assertThat(merchant.body()).contains("payments_edge_publish_failures_total");
    }

    @Test
    void everyOtherActuatorPathIsRefusedAnonymouslyHoweverItIsWritten() {
        List<String> targets = List.of(
                "/actuator",
                "/actuator/",
                "/actuator/env",
                "/actuator/metrics",
                "/actuator/health/../prometheus",
                "/actuator/health/%2e%2e/prometheus",
                "/actuator/prometheus;a=b",
                "/actuator/./prometheus",
                "/actuator//prometheus",
                "/actuator/healthz");
        RawHttp raw = new RawHttp(port);

        for (String target : targets) {
            RawHttp.Response response = raw.send("GET", target, List.of(), new byte[0]);

            assertThat(response.status()).as(target).isIn(400, 401);
            assertThat(response.body())
                    .as(target)
                    .doesNotContain("payments_edge")
                    .doesNotContain("jvm_");
        }
        assertThat(http.get("/actuator/env", MERCHANT).status())
                .as("not exposed at all")
                .isEqualTo(404);
    }

    /**
     * No meter may take a tag value from a request (docs/operations.md): a buyer-supplied PG code, a made-up method or
     * path, would each add a time series, without end.
     */
    @Test
    void noMeterTagRepeatsWhatARequestSent() {
        String marker = "zq" + TestOrderIds.next("tag").replace("-", "").replace("_", "");
        String orderId = TestOrderIds.next("tagged");
        RawHttp raw = new RawHttp(port);

        raw.send(
                "GET",
                "/pg/fail?orderId=" + orderId + "&token=t&code=" + marker + "&message=m",
                List.of(),
                new byte[0]);
        raw.send("GET", "/pg/fail?orderId=" + orderId + "&token=t&code=REJECT_CARD_COMPANY", List.of(), new byte[0]);
        raw.send(marker.toUpperCase(), "/api/v1/orders", List.of(), new byte[0]);
        raw.send("GET", "/" + marker + "/x", List.of(), new byte[0]);
        raw.send("GET", "/api/v1/orders/" + marker + "-order", List.of(), new byte[0]);
        http.postJson("/pg/webhooks", "{\"eventType\":\"" + marker + "\"}");

        String scrape = http.get("/actuator/prometheus", MERCHANT).body();

        assertThat(scrape).contains("http_server_requests").doesNotContainIgnoringCase(marker);
    }
}
