package dev.payments.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.TokenHash;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The launcher as a person runs it, on free ports and a temporary data folder: the shop's checkout page calls the
 * sandbox's SDK script, an order paid at the sandbox completes and its result page links back to the shop, it survives
 * a stop and a start on the same folder, and the broker serves outside clients on its advertised address:
 * Kafka's own console tools, each in a process of its own.
 */
class LauncherIT {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final long AMOUNT = 15_000;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @TempDir
    Path data;

    @Test
    void paidOrderCompletesAndIsStillCompleteAfterARestartOnTheSameDataFolder() throws Exception {
        LocalOptions options = LocalOptions.defaults()
                .withDataDir(data)
                .withKafkaPorts(0, 0)
                .withPostgresPort(0)
                .withServicePorts(0, 0, 0)
                .withShopPort(0);
        String orderId = "launcher-" + UUID.randomUUID();

        LocalOptions used;
        try (LocalStack stack = LocalStack.start(options)) {
            used = stack.options();
            assertThat(stack.summary())
                    .contains(stack.shopUrl(), stack.edgeUrl(), LocalStack.MERCHANT_KEY, stack.bootstrapServers())
                    // the broker is open; the banner says so
                    .contains("PLAINTEXT, no authentication, no ACLs", LocalPostgres.EDGE_LOGIN);
            assertTheShopSellsThroughTheEdgeAndTheSandbox(stack);

            JsonNode issued = json(
                    send(stack.edgeUrl() + "/api/v1/orders", "Bearer " + LocalStack.MERCHANT_KEY, """
                    {"orderId":"%s","amount":%d,"currency":"KRW","orderName":"Coffee beans 1kg"}""".formatted(
                                    orderId, AMOUNT)),
                    202);
            assertThat(send(
                                    stack.edgeUrl() + "/api/v1/orders/" + orderId + "/checkout",
                                    null,
                                    "{\"csrfToken\":\"%s\"}"
                                            .formatted(issued.get("csrfToken").asString()))
                            .statusCode())
                    .isEqualTo(202);
            String basic = "Basic "
                    + Base64.getEncoder()
                            .encodeToString((LocalStack.PG_SECRET_KEY + ":").getBytes(StandardCharsets.UTF_8));
            JsonNode session = json(
                    send(
                            stack.sandboxUrl() + "/sandbox/v1/sessions",
                            basic,
                            MAPPER.createObjectNode()
                                    .put("orderId", orderId)
                                    .put("amount", AMOUNT)
                                    .put("orderName", "Coffee beans 1kg")
                                    .put("outcome", "PAY")
                                    .put(
                                            "successUrl",
                                            issued.get("pg").get("successUrl").asString())
                                    .put(
                                            "failUrl",
                                            issued.get("pg").get("failUrl").asString())
                                    .toString()),
                    201);
            // the buyer's browser follows the sandbox's redirect back to the edge
            assertThat(get(session.get("redirectUrl").asString(), null).statusCode())
                    .isEqualTo(303);

            await().atMost(Duration.ofSeconds(30)).until(() -> status(stack, orderId), "COMPLETE"::equals);
            assertTheResultPageLinksBackToTheShop(
                    stack, orderId, issued.get("csrfToken").asString());

            assertOutsideProcessesUseTheBroker(stack, orderId);
        }

        try (LocalStack again = LocalStack.start(used)) {
            assertThat(again.options().dataDir()).isEqualTo(data);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(again, orderId), "COMPLETE"::equals);
        }
    }

    /**
     * The shop's Order button: issued at the local edge with its key, then the checkout page, which loads the sandbox's
     * SDK script (served) and calls requestPayment with the order and the method the buyer chose.
     */
    private void assertTheShopSellsThroughTheEdgeAndTheSandbox(LocalStack stack) throws Exception {
        assertThat(get(stack.shopUrl() + "/", null).body()).contains("Order (주문하기)", "id=\"method-VIRTUAL_ACCOUNT\"");
        HttpResponse<String> ordered = send(
                HttpRequest.newBuilder(URI.create(stack.shopUrl() + "/orders"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "product=coffee-beans&quantity=1&method=VIRTUAL_ACCOUNT")),
                null);
        String script = stack.sandboxUrl() + "/js/v1/payment";
        assertThat(ordered.statusCode()).isEqualTo(200);
        assertThat(ordered.body())
                .contains("<script src=\"" + script + "\"></script>")
                .contains("TossPayments(\"" + LocalStack.PG_CLIENT_KEY + "\").requestPayment(\"가상계좌\", {")
                .contains("successUrl: \"" + stack.edgeUrl() + "/pg/success?orderId=");
        assertThat(ordered.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains(" " + script + ";", "connect-src " + stack.sandboxUrl() + ";"));
        HttpResponse<String> sdk = get(script, null);
        assertThat(sdk.statusCode()).isEqualTo(200);
        assertThat(sdk.body()).contains("TossPayments");
    }

    /** The edge's result page leads back to the shop. */
    private void assertTheResultPageLinksBackToTheShop(LocalStack stack, String orderId, String token)
            throws Exception {
        HttpResponse<String> page = get(
                stack.edgeUrl() + "/orders/" + orderId + "/result?token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8),
                null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<a id=\"back-to-shop\" href=\"" + stack.shopUrl() + "/\">");
    }

    private String status(LocalStack stack, String orderId) throws Exception {
        HttpResponse<String> response =
                get(stack.edgeUrl() + "/api/v1/orders/" + orderId, "Bearer " + LocalStack.MERCHANT_KEY);
        return response.statusCode() == 200
                ? MAPPER.readTree(response.body()).path("status").asString()
                : "HTTP " + response.statusCode();
    }

    /**
     * Kafka's console consumer, in its own JVM, reads the paid order's completion from {@code payments.completions};
     * Kafka's console producer, in its own JVM, issues an order the way a shop's producer would (key = orderId,
     * CloudEvents JSON), and the edge then serves that order: the broker is reachable on its advertised address.
     */
    private void assertOutsideProcessesUseTheBroker(LocalStack stack, String paidOrderId) throws Exception {
        try (OutsideKafkaClient consumer = OutsideKafkaClient.start(
                data,
                OutsideKafkaClient.CONSOLE_CONSUMER,
                "--bootstrap-server",
                stack.bootstrapServers(),
                "--topic",
                "payments.completions",
                "--from-beginning",
                "--formatter-property",
                "print.key=true",
                "--timeout-ms",
                "60000")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(consumer.output())
                    .as("completions the console consumer printed (key, tab, value)")
                    .anySatisfy(line -> assertThat(line)
                            .startsWith(paidOrderId + "\t")
                            .contains("\"id\":\"" + paidOrderId + ":completion\"")
                            .contains("\"type\":\"payment.order.completed\"")
                            .contains("\"status\":\"COMPLETE\"")));
        }

        String shopOrderId = "shop-" + UUID.randomUUID().toString().substring(0, 18);
        try (OutsideKafkaClient producer = OutsideKafkaClient.start(
                data,
                OutsideKafkaClient.CONSOLE_PRODUCER,
                "--bootstrap-server",
                stack.bootstrapServers(),
                "--topic",
                "payments.order-events",
                "--reader-property",
                "parse.key=true",
                "--producer-property",
                "acks=all")) {
            producer.writeAndClose(shopOrderId + "\t" + issuedEvent(shopOrderId));
            assertThat(producer.awaitExit(Duration.ofSeconds(60)))
                    .as("the console producer sent the record and exited")
                    .isZero();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> status(stack, shopOrderId), "PREPAY"::equals);
    }

    /** {@code payment.order.issued} as a shop writes it (docs/contract.md §3), on one line. */
    private static String issuedEvent(String orderId) throws Exception {
        String tokenHash = TokenHash.of("token-of-" + orderId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return MAPPER.createObjectNode()
                .put("specversion", "1.0")
                .put("id", "shop-issued-" + orderId)
                .put("source", "/shop/console-producer")
                .put("type", "payment.order.issued")
                .put("subject", orderId)
                .put("time", now.toString())
                .put("datacontenttype", "application/json")
                .set(
                        "data",
                        MAPPER.createObjectNode()
                                .put("orderId", orderId)
                                .put("amount", AMOUNT)
                                .put("currency", "KRW")
                                .put("orderName", "Coffee beans 1kg")
                                .put("tokenHash", tokenHash)
                                .put(
                                        "expiresAt",
                                        now.plus(30, ChronoUnit.MINUTES).toString()))
                .toString();
    }

    private HttpResponse<String> send(String url, String authorization, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(request, authorization);
    }

    private HttpResponse<String> get(String url, String authorization) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), authorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws IOException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return MAPPER.readTree(response.body());
    }
}
