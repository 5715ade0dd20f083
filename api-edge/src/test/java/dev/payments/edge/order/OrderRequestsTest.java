package dev.payments.edge.order;

import static dev.payments.edge.EdgeWebMvcTest.MERCHANT;
import static dev.payments.edge.EdgeWebMvcTest.MERCHANT_KEY;
import static dev.payments.edge.Problems.assertProblem;
import static dev.payments.edge.Problems.assertValidationProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeWebMvcTest;
import dev.payments.edge.SliceHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Issuance and checkout requests the edge refuses, and how: a problem+json answer naming what is wrong, before anything
 * is sent. What accepted requests write is in
 * {@link OrderIssuanceIT}, on a real broker.
 */
@EdgeWebMvcTest(OrderController.class)
@Import({OrderIssuer.class, IssuedOrders.class, OrderConfiguration.class})
class OrderRequestsTest {

    @Autowired
    SliceHttp http;

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
    void refusesAnInvalidFieldNamingIt(String field, String body) {
        Response response = http.postJson("/api/v1/orders", body.replace("ORDER", "order-0001"), MERCHANT);

        assertValidationProblem(response, field);
    }

    @Test
    void refusesMalformedJsonWithoutRepeatingIt() {
        Response response = http.postJson(
                "/api/v1/orders", "{\"orderId\":\"order-0002\",\"amount\":15000,\"orderName\":", MERCHANT);
        Response empty = http.postJson("/api/v1/orders", "", MERCHANT);

        assertValidationProblem(response, "body");
        assertThat(response.json().get("detail").asString()).doesNotContain("order-0002");
        assertValidationProblem(empty, "body");
    }

    @Test
    void refusesAnOversizeIdempotencyKey() {
        Response response = http.postJson(
                "/api/v1/orders",
                "{\"amount\":15000,\"orderName\":\"Coffee\"}",
                "Idempotency-Key",
                "k".repeat(256),
                MERCHANT[0],
                MERCHANT[1]);

        assertValidationProblem(response, "Idempotency-Key");
    }

    @Test
    void refusesAWrongOrMissingMerchantKeyBeforeLookingAtTheBody() {
        String valid = "{\"orderId\":\"order-0003\",\"amount\":15000,\"orderName\":\"Coffee\"}";

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
    }

    @Test
    void refusesABodyWhoseContentLengthIsOverTheLimit() {
        // valid apart from its size: an unknown field is ignored, so only the limit can refuse it
        byte[] body = "{\"orderId\":\"order-0004\",\"amount\":15000,\"orderName\":\"Coffee\",\"padding\":\"%s\"}"
                .formatted("p".repeat(17 * 1024))
                .getBytes(StandardCharsets.UTF_8);

        Response response = http.post("/api/v1/orders", "application/json", body, MERCHANT);

        assertProblem(response, 413);
        assertThat(response.json().get("detail").asString()).contains("16384");
    }

    static Stream<Arguments> invalidCheckouts() {
        return Stream.of(
                Arguments.of("csrfToken", "order-0005", "{}"),
                Arguments.of("csrfToken", "order-0005", "{\"csrfToken\":\"\"}"),
                Arguments.of("csrfToken", "order-0005", "{\"csrfToken\":\"%s\"}".formatted("t".repeat(513))),
                Arguments.of("csrfToken", "order-0005", "{\"csrfToken\":42}"),
                Arguments.of("body", "order-0005", "{\"csrfToken\":"),
                Arguments.of("orderId", "bad!id", "{\"csrfToken\":\"t\"}"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("invalidCheckouts")
    void refusesAnInvalidCheckout(String field, String orderId, String body) {
        Response response = http.postJson("/api/v1/orders/" + orderId + "/checkout", body);

        assertValidationProblem(response, field);
    }

    @Test
    void answersProtocolErrorsAsProblems() {
        Response wrongType = http.post(
                "/api/v1/orders",
                "text/plain",
                "{\"amount\":15000,\"orderName\":\"Coffee\"}".getBytes(StandardCharsets.UTF_8),
                MERCHANT);
        Response wrongMethod = http.delete("/api/v1/orders", MERCHANT);
        Response unknownPath = http.get("/api/v1/nothing-here");

        assertProblem(wrongType, 415);
        assertProblem(wrongMethod, 405);
        assertProblem(unknownPath, 404);
    }
}
