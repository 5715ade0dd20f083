package dev.payments.edge;

import static dev.payments.edge.EdgeIntegrationTest.MERCHANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp.Response;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With no broker to take the event, every writing endpoint answers 503 with Retry-After, quickly, never a 2xx. The
 * warning each refusal logs carries the order in the log context ({@code orderId=...} in the console pattern), wherever
 * the edge learnt the orderId: a validated body, the path, the PG's redirect parameters, a webhook's body.
 */
@ExtendWith(OutputCaptureExtension.class)
@EdgeIntegrationTest
class BrokerDownIT {

    static final Duration BOUND = Duration.ofSeconds(6);

    @DynamicPropertySource
    static void kafkaAtAClosedPort(DynamicPropertyRegistry registry) {
        String nowhere = ClosedPort.address();
        registry.add("spring.kafka.bootstrap-servers", () -> nowhere);
    }

    @Autowired
    EdgeHttp http;

    @Test
    void issuanceIsRefusedWith503WithinTheBound(CapturedOutput output) {
        String orderId = TestOrderIds.next("down");

        Response response = timed(() -> http.postJson(
                "/api/v1/orders",
                "{\"orderId\":\"%s\",\"amount\":15000,\"orderName\":\"Tea\"}".formatted(orderId),
                MERCHANT));

        assertUnavailable(response);
        assertRefusalLoggedInTheOrdersContext(output, orderId);
    }

    @Test
    void checkoutIsRefusedWith503WithinTheBound(CapturedOutput output) {
        String orderId = TestOrderIds.next("down");

        Response response =
                timed(() -> http.postJson("/api/v1/orders/%s/checkout".formatted(orderId), "{\"csrfToken\":\"t\"}"));

        assertUnavailable(response);
        assertRefusalLoggedInTheOrdersContext(output, orderId);
    }

    @Test
    void refundIsRefusedWith503WithinTheBound(CapturedOutput output) {
        String orderId = TestOrderIds.next("down");
        new WorkerRows().order(orderId, "COMPLETE", 0);

        Response response = timed(() -> http.postJson(
                "/api/v1/orders/%s/refunds".formatted(orderId), "{\"reason\":\"Out of stock\"}", MERCHANT));

        assertUnavailable(response);
        assertRefusalLoggedInTheOrdersContext(output, orderId);
    }

    @Test
    void pgRedirectIsRefusedWith503WithinTheBoundInsteadOfRedirecting(CapturedOutput output) {
        String orderId = TestOrderIds.next("down");

        Response response =
                timed(() -> http.get("/pg/success?orderId=%s&token=t&paymentKey=pk_1&amount=100".formatted(orderId)));

        assertUnavailable(response);
        assertThat(response.header("Location")).isEmpty();
        assertRefusalLoggedInTheOrdersContext(output, orderId);
    }

    @Test
    void webhookIsRefusedWith503WithinTheBoundSoThatThePgRetries(CapturedOutput output) {
        String orderId = TestOrderIds.next("down");
        String webhook = """
                {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2022-01-01T00:00:00.000000",
                 "data":{"paymentKey":"pk_1","orderId":"%s","status":"DONE","totalAmount":100}}""".formatted(orderId);

        Response response = timed(
                () -> http.postJson("/pg/webhooks", webhook, "tosspayments-webhook-transmission-id", "wh_down_1"));

        assertUnavailable(response);
        assertRefusalLoggedInTheOrdersContext(output, orderId);
    }

    @Test
    void healthIsDownWithoutKafka() {
        Response health = timed(() -> http.get("/actuator/health"));

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
        assertThat(health.json().get("components").get("kafka").get("status").asString())
                .isEqualTo("DOWN");
        assertThat(health.json().get("components").get("db").get("status").asString())
                .isEqualTo("UP");
    }

    /** The refusal's warning names the order in its text and carries it in the log context; no other line does. */
    private static void assertRefusalLoggedInTheOrdersContext(CapturedOutput output, String orderId) {
        assertThat(output.getAll().lines().filter(line -> line.contains("Kafka did not acknowledge")))
                .as("the refusal's warning")
                .singleElement()
                .satisfies(line ->
                        assertThat(line).contains("for order " + orderId).contains("orderId=" + orderId + " "));
        assertThat(output.getAll().lines().filter(line -> line.contains("orderId=")))
                .as("lines in an order's log context")
                .allSatisfy(line -> assertThat(line).contains("orderId=" + orderId + " "));
    }

    private static Response timed(Supplier<Response> call) {
        long start = System.nanoTime();
        Response response = call.get();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).as("time to answer").isLessThan(BOUND);
        return response;
    }

    private static void assertUnavailable(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).contains("5");
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }
}
