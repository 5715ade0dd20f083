package dev.payments.edge.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import dev.payments.schemas.OrderId;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.EmbeddedPostgresInitializer;
import jakarta.validation.ValidatorFactory;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/orders} and {@code POST /api/v1/orders/{orderId}/checkout}, over HTTP into a real broker. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=api-edge",
            "payments.merchant-api-key=" + OrderIssuanceTest.MERCHANT_KEY,
            "payments.token-secret=issuance-test-secret",
            "payments.edge.public-url=https://pay.example.test",
            "payments.order-ttl=20m",
            "payments.pg.client-key=test_ck_issuance"
        })
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
@EmbeddedKafka(partitions = 3, topics = Topics.ORDER_EVENTS)
@DirtiesContext
class OrderIssuanceTest {

    static final String MERCHANT_KEY = "issuance-test-merchant-key";
    static final String[] MERCHANT = {"Authorization", "Bearer " + MERCHANT_KEY};

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    LocalValidatorFactoryBean validator;

    EdgeHttp http;
    OrderEvents events;

    @BeforeEach
    void setUp() {
        http = new EdgeHttp(port);
        events = new OrderEvents(broker.getBrokersAsString());
    }

    @Test
    void bodiesAreValidatedWithoutAskingAJpaProviderWhetherPropertiesAreLoaded() {
        // WebConfiguration's, not the JPA-aware one Hibernate Validator picks when a JPA provider is on the classpath
        assertThat(validator
                        .unwrap(ValidatorFactory.class)
                        .getTraversableResolver()
                        .getClass()
                        .getName())
                .isEqualTo("dev.payments.edge.web.WebConfiguration$TraverseEveryProperty");
    }

    @Test
    void issuesAnOrderAndPublishesItsIssuedEvent() throws Exception {
        String orderId = TestOrderIds.next("issue");
        Instant before = Instant.now();

        Response response = http.postJson("/api/v1/orders", """
                {"orderId":"%s","amount":15000,"currency":"KRW","orderName":"Coffee beans 1kg",
                 "customerName":"Kim","customerEmail":"kim@example.com"}
                """.formatted(orderId), MERCHANT);

        Instant after = Instant.now();
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.header("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/orders/" + orderId));
        JsonNode body = response.json();
        String token = body.get("csrfToken").asString();
        assertThat(token).isNotBlank();
        assertThat(body.get("orderId").asString()).isEqualTo(orderId);
        assertThat(body.get("status").asString()).isEqualTo("PREPAY");
        assertThat(body.get("amount").asLong()).isEqualTo(15_000);
        assertThat(body.get("currency").asString()).isEqualTo("KRW");
        assertThat(body.get("orderName").asString()).isEqualTo("Coffee beans 1kg");
        Instant expiresAt = Instant.parse(body.get("expiresAt").asString());
        assertThat(expiresAt)
                .isBetween(
                        before.plus(Duration.ofMinutes(20)).minusMillis(1),
                        after.plus(Duration.ofMinutes(20)).plusMillis(1));

        JsonNode pg = body.get("pg");
        assertThat(pg.get("clientKey").asString()).isEqualTo("test_ck_issuance");
        UriComponents success = UriComponentsBuilder.fromUriString(
                        pg.get("successUrl").asString())
                .build();
        UriComponents fail =
                UriComponentsBuilder.fromUriString(pg.get("failUrl").asString()).build();
        assertThat(success.toUriString()).startsWith("https://pay.example.test/pg/success?");
        assertThat(fail.toUriString()).startsWith("https://pay.example.test/pg/fail?");
        for (UriComponents url : List.of(success, fail)) {
            assertThat(url.getQueryParams().toSingleValueMap()).isEqualTo(Map.of("orderId", orderId, "token", token));
        }

        List<JsonNode> written = events.of(orderId);
        assertThat(written).hasSize(1);
        JsonNode event = written.getFirst();
        assertThat(event.get("type").asString()).isEqualTo("payment.order.issued");
        assertThat(event.get("source").asString()).isEqualTo("/api-edge");
        assertThat(event.get("subject").asString()).isEqualTo(orderId);
        JsonNode data = event.get("data");
        assertThat(data.get("tokenHash").asString()).isEqualTo(sha256Hex(token));
        assertThat(data.get("amount").asLong()).isEqualTo(15_000);
        assertThat(data.get("currency").asString()).isEqualTo("KRW");
        assertThat(data.get("orderName").asString()).isEqualTo("Coffee beans 1kg");
        assertThat(data.get("customerName").asString()).isEqualTo("Kim");
        assertThat(data.get("customerEmail").asString()).isEqualTo("kim@example.com");
        assertThat(Instant.parse(data.get("expiresAt").asString())).isEqualTo(expiresAt);
        assertThat(event.toString()).as("the token itself never travels").doesNotContain(token);
    }

    @Test
    void retriedIssuanceGivesTheSameOrderAndToken() {
        String orderId = TestOrderIds.next("retry");
        String request = """
                {"orderId":"%s","amount":5000,"orderName":"Tea"}
                """.formatted(orderId);

        Response first = http.postJson("/api/v1/orders", request, MERCHANT);
        Response second = http.postJson("/api/v1/orders", request, MERCHANT);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("orderId").asString()).isEqualTo(orderId);
        assertThat(second.json().get("csrfToken").asString())
                .isEqualTo(first.json().get("csrfToken").asString());
        assertThat(first.json().get("currency").asString())
                .as("currency defaults to KRW")
                .isEqualTo("KRW");
        List<JsonNode> written = events.of(orderId);
        assertThat(written).hasSize(2);
        assertThat(written)
                .extracting(e -> e.get("data").get("tokenHash").asString())
                .containsOnly(sha256Hex(first.json().get("csrfToken").asString()));
        assertThat(written.get(0).get("id").asString())
                .as("each attempt is its own event; the worker sees the second as a duplicate issuance")
                .isNotEqualTo(written.get(1).get("id").asString());
    }

    @Test
    void idempotencyKeyWithoutOrderIdGivesTheSameGeneratedOrderOnRetry() {
        String key = "shop-request-" + TestOrderIds.next("k");
        String request = """
                {"amount":7000,"orderName":"Mug"}
                """;

        Response first = http.postJson("/api/v1/orders", request, "Idempotency-Key", key, MERCHANT[0], MERCHANT[1]);
        Response retry = http.postJson("/api/v1/orders", request, "Idempotency-Key", key, MERCHANT[0], MERCHANT[1]);
        Response otherKey =
                http.postJson("/api/v1/orders", request, "Idempotency-Key", key + "-other", MERCHANT[0], MERCHANT[1]);

        assertThat(first.status()).isEqualTo(202);
        String orderId = first.json().get("orderId").asString();
        assertThat(orderId).matches(OrderId.REGEX).startsWith("ord_");
        assertThat(retry.json().get("orderId").asString()).isEqualTo(orderId);
        assertThat(retry.json().get("csrfToken").asString())
                .isEqualTo(first.json().get("csrfToken").asString());
        assertThat(otherKey.json().get("orderId").asString()).isNotEqualTo(orderId);
        assertThat(events.of(orderId)).hasSize(2);
    }

    @Test
    void withoutOrderIdOrIdempotencyKeyEveryRequestIsANewOrder() {
        String request = """
                {"amount":7000,"orderName":"Mug"}
                """;

        String first = http.postJson("/api/v1/orders", request, MERCHANT)
                .json()
                .get("orderId")
                .asString();
        String second = http.postJson("/api/v1/orders", request, MERCHANT)
                .json()
                .get("orderId")
                .asString();

        assertThat(first).matches(OrderId.REGEX).isNotEqualTo(second);
        assertThat(events.of(first)).hasSize(1);
        assertThat(events.of(second)).hasSize(1);
    }

    @Test
    void acceptsTheBoundaryValues() {
        String lowest = TestOrderIds.next("low");
        String highest = TestOrderIds.next("high");

        Response low = http.postJson(
                "/api/v1/orders", "{\"orderId\":\"%s\",\"amount\":1,\"orderName\":\"x\"}".formatted(lowest), MERCHANT);
        Response high = http.postJson(
                "/api/v1/orders",
                "{\"orderId\":\"%s\",\"amount\":1000000000,\"orderName\":\"%s\",\"customerName\":\"%s\"}"
                        .formatted(highest, "n".repeat(100), "c".repeat(100)),
                MERCHANT);

        assertThat(low.status()).isEqualTo(202);
        assertThat(high.status()).isEqualTo(202);
        assertThat(events.of(lowest))
                .singleElement()
                .satisfies(e -> assertThat(e.get("data").get("amount").asLong()).isEqualTo(1));
        assertThat(events.of(highest))
                .singleElement()
                .satisfies(e -> assertThat(e.get("data").get("amount").asLong()).isEqualTo(1_000_000_000));
    }

    static Stream<Arguments> invalidIssuances() {
        String valid = "\"amount\":15000,\"orderName\":\"Coffee\"";
        return Stream.of(
                Arguments.of("orderId", "{\"orderId\":\"bad id!\",%s}".formatted(valid)),
                Arguments.of("orderId", "{\"orderId\":\"short\",%s}".formatted(valid)),
                Arguments.of("orderId", "{\"orderId\":\"%s\",%s}".formatted("o".repeat(65), valid)),
                Arguments.of("amount", "{\"orderId\":\"ORDER\",\"amount\":0,\"orderName\":\"Coffee\"}"),
                Arguments.of("amount", "{\"orderId\":\"ORDER\",\"amount\":-5,\"orderName\":\"Coffee\"}"),
                Arguments.of("amount", "{\"orderId\":\"ORDER\",\"amount\":1000000001,\"orderName\":\"Coffee\"}"),
                Arguments.of("amount", "{\"orderId\":\"ORDER\",\"amount\":1500.5,\"orderName\":\"Coffee\"}"),
                Arguments.of("amount", "{\"orderId\":\"ORDER\",\"amount\":\"15000\",\"orderName\":\"Coffee\"}"),
                Arguments.of("amount", "{\"orderId\":\"ORDER\",\"amount\":99999999999999999999,\"orderName\":\"C\"}"),
                Arguments.of("amount", "{\"orderId\":\"ORDER\",\"orderName\":\"Coffee\"}"),
                Arguments.of("currency", "{\"orderId\":\"ORDER\",\"currency\":\"USD\",%s}".formatted(valid)),
                Arguments.of("orderName", "{\"orderId\":\"ORDER\",\"amount\":15000,\"orderName\":\"\"}"),
                Arguments.of("orderName", "{\"orderId\":\"ORDER\",\"amount\":15000,\"orderName\":\"   \"}"),
                Arguments.of(
                        "orderName",
                        "{\"orderId\":\"ORDER\",\"amount\":15000,\"orderName\":\"%s\"}".formatted("n".repeat(101))),
                Arguments.of("orderName", "{\"orderId\":\"ORDER\",\"amount\":15000}"),
                Arguments.of(
                        "customerName",
                        "{\"orderId\":\"ORDER\",\"customerName\":\"%s\",%s}".formatted("c".repeat(101), valid)),
                Arguments.of(
                        "customerEmail",
                        "{\"orderId\":\"ORDER\",\"customerEmail\":\"%s@example.com\",%s}"
                                .formatted("e".repeat(90), valid)),
                Arguments.of(
                        "customerEmail",
                        "{\"orderId\":\"ORDER\",\"customerEmail\":\"not-an-email\",%s}".formatted(valid)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidIssuances")
    void refusesAnInvalidFieldNamingItAndWritesNothing(String field, String body) {
        String orderId = TestOrderIds.next("bad");
        String request = body.replace("\"ORDER\"", "\"" + orderId + "\"");
        int before = events.all().size();

        Response response = http.postJson("/api/v1/orders", request, MERCHANT);

        assertValidationProblem(response, field);
        events.assertNothingWritten(orderId, before);
    }

    @Test
    void refusesMalformedJson() {
        String orderId = TestOrderIds.next("json");
        int before = events.all().size();

        Response response = http.postJson(
                "/api/v1/orders", "{\"orderId\":\"%s\",\"amount\":15000,\"orderName\":".formatted(orderId), MERCHANT);
        Response empty = http.postJson("/api/v1/orders", "", MERCHANT);

        assertValidationProblem(response, "body");
        assertThat(response.json().get("detail").asString()).doesNotContain(orderId);
        assertValidationProblem(empty, "body");
        events.assertNothingWritten(orderId, before);
    }

    @Test
    void refusesAnOversizeIdempotencyKey() {
        int before = events.all().size();

        Response response = http.postJson(
                "/api/v1/orders",
                "{\"amount\":15000,\"orderName\":\"Coffee\"}",
                "Idempotency-Key",
                "k".repeat(256),
                MERCHANT[0],
                MERCHANT[1]);

        assertValidationProblem(response, "Idempotency-Key");
        assertThat(events.all()).hasSize(before);
    }

    @Test
    void refusesAWrongOrMissingMerchantKeyBeforeLookingAtTheBody() {
        String orderId = TestOrderIds.next("auth");
        String valid = "{\"orderId\":\"%s\",\"amount\":15000,\"orderName\":\"Coffee\"}".formatted(orderId);
        int before = events.all().size();

        List<Response> refused = List.of(
                http.postJson("/api/v1/orders", valid),
                http.postJson("/api/v1/orders", valid, "Authorization", "Bearer wrong-key"),
                http.postJson("/api/v1/orders", valid, "Authorization", "Bearer " + MERCHANT_KEY + "x"),
                http.postJson("/api/v1/orders", valid, "Authorization", "Basic " + MERCHANT_KEY),
                http.postJson("/api/v1/orders", "{\"orderId\":\"!\"}", "Authorization", "Bearer wrong-key"));

        for (Response response : refused) {
            assertProblem(response, 401);
            assertThat(response.header("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(response.body()).doesNotContain(MERCHANT_KEY).doesNotContain("wrong-key");
        }
        events.assertNothingWritten(orderId, before);
    }

    @Test
    void refusesAnOversizeBodyByContentLengthAndByCountingAChunkedBody() {
        String orderId = TestOrderIds.next("big");
        // valid apart from its size: an unknown field is ignored, so only the limit can refuse it
        byte[] body = "{\"orderId\":\"%s\",\"amount\":15000,\"orderName\":\"Coffee\",\"padding\":\"%s\"}"
                .formatted(orderId, "p".repeat(17 * 1024))
                .getBytes(StandardCharsets.UTF_8);
        int before = events.all().size();

        Response declared = http.post("/api/v1/orders", "application/json", BodyPublishers.ofByteArray(body), MERCHANT);
        Response chunked = http.postChunked("/api/v1/orders", body, MERCHANT);

        assertProblem(declared, 413);
        assertProblem(chunked, 413);
        assertThat(chunked.json().get("detail").asString()).contains("16384");
        events.assertNothingWritten(orderId, before);
    }

    @Test
    void startsCheckoutWithTheTokenAsGiven() {
        String orderId = TestOrderIds.next("checkout");

        Response response =
                http.postJson("/api/v1/orders/" + orderId + "/checkout", "{\"csrfToken\":\"token-from-the-page\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("type").asString()).isEqualTo("payment.checkout.started");
            assertThat(event.get("data").get("token").asString()).isEqualTo("token-from-the-page");
        });
    }

    static Stream<Arguments> invalidCheckouts() {
        return Stream.of(
                Arguments.of("csrfToken", "ORDER", "{}"),
                Arguments.of("csrfToken", "ORDER", "{\"csrfToken\":\"\"}"),
                Arguments.of("csrfToken", "ORDER", "{\"csrfToken\":\"%s\"}".formatted("t".repeat(513))),
                Arguments.of("csrfToken", "ORDER", "{\"csrfToken\":42}"),
                Arguments.of("body", "ORDER", "{\"csrfToken\":"),
                Arguments.of("orderId", "bad!id", "{\"csrfToken\":\"t\"}"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("invalidCheckouts")
    void refusesAnInvalidCheckout(String field, String pathOrderId, String body) {
        String orderId = TestOrderIds.next("badcheckout");
        String path = pathOrderId.equals("ORDER") ? orderId : pathOrderId;
        int before = events.all().size();

        Response response = http.postJson("/api/v1/orders/" + path + "/checkout", body);

        assertValidationProblem(response, field);
        events.assertNothingWritten(orderId, before);
    }

    @Test
    void answersProtocolErrorsAsProblems() {
        int before = events.all().size();

        Response wrongType = http.post(
                "/api/v1/orders",
                "text/plain",
                BodyPublishers.ofString("{\"amount\":15000,\"orderName\":\"Coffee\"}"),
                MERCHANT);
        Response wrongMethod = http.delete("/api/v1/orders", MERCHANT);
        Response unknownPath = http.get("/api/v1/nothing-here");

        assertProblem(wrongType, 415);
        assertProblem(wrongMethod, 405);
        assertProblem(unknownPath, 404);
        assertThat(events.all()).hasSize(before);
    }

    static void assertValidationProblem(Response response, String field) {
        assertProblem(response, 400);
        assertThat(response.errorFields()).contains(field);
        assertThat(response.json().get("detail").asString()).contains(field);
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
