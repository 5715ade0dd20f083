package dev.payments.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The sandbox's automation API (a buyer paying headless, and the PG's ledger) and its Toss API, as tests use them. */
final class SandboxClient {

    /** What the sandbox's payment window did: the payment and where it sends the browser back. */
    record Session(String paymentKey, String redirectUrl) {}

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String secretKey;

    SandboxClient(String baseUrl, String secretKey) {
        this.baseUrl = baseUrl;
        this.secretKey = secretKey;
    }

    /** The buyer pays (or declines, or cancels) in the PG's window for an order the edge issued. */
    Session pay(EdgeClient.IssuedOrder order, long amount, String outcome, ObjectNode confirm) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("orderId", order.orderId())
                .put("amount", amount)
                .put("orderName", "Coffee beans 1kg")
                .put("outcome", outcome)
                .put("successUrl", order.successUrl())
                .put("failUrl", order.failUrl());
        if (confirm != null) {
            body.set("confirm", confirm);
        }
        JsonNode answer = json(post("/sandbox/v1/sessions", body.toString(), null), 201);
        return new Session(
                answer.get("paymentKey").asString(), answer.path("redirectUrl").asString(null));
    }

    static ObjectNode confirm(String behaviour) {
        return MAPPER.createObjectNode().put("behaviour", behaviour);
    }

    /** The PG's ledger of an order: approvals (never more than 1), confirm calls, webhooks, ... */
    JsonNode ledger(String orderId) {
        return json(
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/sandbox/v1/ledger/" + orderId))
                        .GET()),
                200);
    }

    /** A confirm as some other client of the PG would send it (not the worker), under its own Idempotency-Key. */
    HttpResponse<String> confirmDirectly(String paymentKey, String orderId, long amount, String idempotencyKey) {
        String body = MAPPER.createObjectNode()
                .put("paymentKey", paymentKey)
                .put("orderId", orderId)
                .put("amount", amount)
                .toString();
        return post("/v1/payments/confirm", body, idempotencyKey);
    }

    /** The PG approves the payment without the merchant's confirm (automation API), and sends its webhook. */
    void approveBehindTheMerchantsBack(String paymentKey) {
        json(post("/sandbox/v1/payments/" + paymentKey + "/approve", "{}", null), 200);
    }

    /** A cancel made in the PG's console, not by the merchant (automation API); its webhook is sent. */
    void cancelInTheConsole(String paymentKey, long amount, String reason) {
        String body = MAPPER.createObjectNode()
                .put("cancelReason", reason)
                .put("cancelAmount", amount)
                .toString();
        json(post("/sandbox/v1/payments/" + paymentKey + "/cancel", body, null), 200);
    }

    /** How the merchant's next cancels of the payment are answered (automation API), e.g. FAIL_TIMES. */
    void cancelBehaviour(String paymentKey, ObjectNode behaviour) {
        json(post("/sandbox/v1/payments/" + paymentKey + "/cancel-behaviour", behaviour.toString(), null), 200);
    }

    private HttpResponse<String> post(String path, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) {
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError("sandbox answered " + response.statusCode() + ": " + response.body());
        }
        return MAPPER.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
