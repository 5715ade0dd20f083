package dev.payments.edge.order;

import static dev.payments.edge.EdgeIntegrationTest.MERCHANT;
import static dev.payments.edge.EdgeIntegrationTest.TOKEN_SECRET;
import static dev.payments.edge.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import dev.payments.edge.TestTokens;
import dev.payments.schemas.OrderId;
import dev.payments.schemas.TokenHash;
import dev.payments.testsupport.EmbeddedPostgres;
import jakarta.validation.ValidatorFactory;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/orders} and {@code POST /api/v1/orders/{orderId}/checkout}, over HTTP into a real broker: what
 * accepted requests write, and that refused ones write nothing. How each refusal is answered: {@link OrderRequestsTest}.
 */
@EdgeIntegrationTest
class OrderIssuanceIT {

    @Autowired
    LocalValidatorFactoryBean validator;

    /** Writes as the worker does; the edge's own DataSource could not. */
    final JdbcClient worker = JdbcClient.create(EmbeddedPostgres.dataSource());

    @Autowired
    EdgeHttp http;

    @Autowired
    OrderEvents events;

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
        assertThat(pg.get("clientKey").asString()).isEqualTo("test_ck_integration");
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

    @Test
    void aRetryOfAnIssuanceTheWorkerRecordedIsAnsweredFromTheRecordAndWritesNothing() {
        String orderId = TestOrderIds.next("recorded");
        Instant expiresAt = Instant.parse("2026-11-23T10:45:30.120Z");
        recordIssuedOrder(orderId, 15_000, expiresAt);
        long before = events.written();

        Response retry = http.postJson(
                "/api/v1/orders",
                "{\"orderId\":\"%s\",\"amount\":15000,\"orderName\":\"Coffee beans 1kg\"}".formatted(orderId),
                MERCHANT);

        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        assertThat(retry.json().get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(Instant.parse(retry.json().get("expiresAt").asString())).isEqualTo(expiresAt);
        assertThat(retry.json().get("csrfToken").asString()).isEqualTo(TestTokens.tokenFor(TOKEN_SECRET, orderId));
        events.assertNothingWrittenSince(before);
    }

    @Test
    void aConflictingIssuanceOfARecordedOrderIsRefusedAndWritesNothing() {
        String orderId = TestOrderIds.next("conflict");
        recordIssuedOrder(orderId, 15_000, Instant.parse("2026-11-23T10:45:30.120Z"));
        long before = events.written();

        Response conflicting = http.postJson(
                "/api/v1/orders",
                "{\"orderId\":\"%s\",\"amount\":16000,\"orderName\":\"Coffee beans 1kg\"}".formatted(orderId),
                MERCHANT);

        assertProblem(conflicting, 409);
        assertThat(conflicting.json().get("detail").asString()).contains(orderId, "nothing was accepted");
        events.assertNothingWrittenSince(before);
    }

    /** Every kind of refusal, once each: nothing reaches the topic. */
    @Test
    void refusedRequestsWriteNothing() {
        String orderId = TestOrderIds.next("refused");
        String valid = "{\"orderId\":\"%s\",\"amount\":15000,\"orderName\":\"Coffee\"}".formatted(orderId);
        long before = events.written();

        List<Response> refused = List.of(
                http.postJson("/api/v1/orders", valid.replace("15000", "0"), MERCHANT),
                http.postJson("/api/v1/orders", valid.substring(0, valid.length() - 1), MERCHANT),
                http.postJson("/api/v1/orders", valid, "Authorization", "Bearer wrong-key"),
                http.postJson(
                        "/api/v1/orders",
                        "{\"amount\":15000,\"orderName\":\"Coffee\"}",
                        "Idempotency-Key",
                        "k".repeat(256),
                        MERCHANT[0],
                        MERCHANT[1]),
                http.post("/api/v1/orders", "text/plain", BodyPublishers.ofString(valid), MERCHANT),
                http.postJson("/api/v1/orders/" + orderId + "/checkout", "{\"csrfToken\":\"\"}"),
                http.postJson("/api/v1/orders/bad!id/checkout", "{\"csrfToken\":\"t\"}"));

        assertThat(refused).extracting(Response::status).containsExactly(400, 400, 401, 400, 415, 400, 400);
        events.assertNothingWrittenSince(before);
    }

    /** A body without Content-Length is counted while it is read; over the limit, 413 and nothing written. */
    @Test
    void refusesAnOversizeChunkedBodyByCountingIt() {
        String orderId = TestOrderIds.next("big");
        // valid apart from its size: an unknown field is ignored, so only the limit can refuse it
        byte[] body = "{\"orderId\":\"%s\",\"amount\":15000,\"orderName\":\"Coffee\",\"padding\":\"%s\"}"
                .formatted(orderId, "p".repeat(17 * 1024))
                .getBytes(StandardCharsets.UTF_8);
        long before = events.written();

        Response declared = http.post("/api/v1/orders", "application/json", BodyPublishers.ofByteArray(body), MERCHANT);
        Response chunked = http.postChunked("/api/v1/orders", body, MERCHANT);

        assertProblem(declared, 413);
        assertProblem(chunked, 413);
        assertThat(chunked.json().get("detail").asString()).contains("16384");
        events.assertNothingWrittenSince(before);
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

    private void recordIssuedOrder(String orderId, long amount, Instant expiresAt) {
        worker.sql("""
                        INSERT INTO orders (order_id, status, amount, currency, order_name, token_hash, expires_at,
                                            created_at, updated_at, version)
                        VALUES (:orderId, 'IN_PROGRESS', :amount, 'KRW', 'Coffee beans 1kg', :tokenHash, :expiresAt,
                                :expiresAt, :expiresAt, 1)
                        """)
                .param("orderId", orderId)
                .param("amount", amount)
                .param("tokenHash", TokenHash.of(TestTokens.tokenFor(TOKEN_SECRET, orderId)))
                .param("expiresAt", Timestamp.from(expiresAt))
                .update();
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
