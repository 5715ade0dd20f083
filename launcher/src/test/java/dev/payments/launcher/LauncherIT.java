package dev.payments.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The launcher as a person runs it, on free ports and a temporary data folder: an order paid at the sandbox completes,
 * survives a stop and a start on the same folder, and the broker serves outside clients on its advertised address.
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
                    .contains(stack.shopUrl(), stack.edgeUrl(), LocalStack.MERCHANT_KEY, stack.bootstrapServers());
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

            assertOutsideClientsCanProduceAndConsume(stack.bootstrapServers());
        }

        try (LocalStack again = LocalStack.start(used)) {
            assertThat(again.options().dataDir()).isEqualTo(data);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(again, orderId), "COMPLETE"::equals);
        }
    }

    /** The shop's Order button: issued at the local edge with its key, then off to the sandbox's payment window. */
    private void assertTheShopSellsThroughTheEdgeAndTheSandbox(LocalStack stack) throws Exception {
        assertThat(get(stack.shopUrl() + "/", null).body()).contains("Order (주문하기)");
        HttpResponse<String> ordered = send(
                HttpRequest.newBuilder(URI.create(stack.shopUrl() + "/orders"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("product=coffee-beans&quantity=1")),
                null);
        assertThat(ordered.statusCode()).isEqualTo(303);
        assertThat(ordered.headers().firstValue("Location")).hasValueSatisfying(window -> assertThat(window)
                .startsWith(stack.sandboxUrl() + "/sandbox/checkout?clientKey=" + LocalStack.PG_CLIENT_KEY)
                .contains("successUrl=" + stack.edgeUrl() + "/pg/success?orderId"));
        assertThat(get(ordered.headers().firstValue("Location").orElseThrow(), null)
                        .body())
                .contains("id=\"pay\"");
    }

    private String status(LocalStack stack, String orderId) throws Exception {
        HttpResponse<String> response =
                get(stack.edgeUrl() + "/api/v1/orders/" + orderId, "Bearer " + LocalStack.MERCHANT_KEY);
        return response.statusCode() == 200
                ? MAPPER.readTree(response.body()).path("status").asString()
                : "HTTP " + response.statusCode();
    }

    private static void assertOutsideClientsCanProduceAndConsume(String bootstrap) throws Exception {
        String topic = "shop-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "outside-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(Set.of(topic));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.contains("hello");
            });
        }
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
