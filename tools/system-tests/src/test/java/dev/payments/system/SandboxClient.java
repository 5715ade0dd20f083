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

    /**
     * What the sandbox's payment window did: the payment, where it sends the browser back, and the payment's
     * {@code secret} (the one its confirm answer and webhooks carry; a look-up of a virtual account hides it).
     */
    record Session(String paymentKey, String redirectUrl, String secret) {}

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
        return session(order, amount, body().put("outcome", outcome), confirm);
    }

    /**
     * The buyer pays with {@code method} (카드, 가상계좌, 간편결제, 계좌이체, 휴대폰); a virtual account is then valid for
     * {@code validForSeconds} after its confirm, or the sandbox's default when null.
     */
    Session payWith(
            EdgeClient.IssuedOrder order, long amount, String method, Integer validForSeconds, ObjectNode confirm) {
        ObjectNode session = body().put("outcome", "PAY").put("method", method);
        if (validForSeconds != null) {
            session.put("validForSeconds", validForSeconds);
        }
        return session(order, amount, session, confirm);
    }

    private Session session(EdgeClient.IssuedOrder order, long amount, ObjectNode body, ObjectNode confirm) {
        body.put("orderId", order.orderId())
                .put("amount", amount)
                .put("orderName", "Coffee beans 1kg")
                .put("successUrl", order.successUrl())
                .put("failUrl", order.failUrl());
        if (confirm != null) {
            body.set("confirm", confirm);
        }
        JsonNode answer = json(post("/sandbox/v1/sessions", body.toString(), null), 201);
        return new Session(
                answer.get("paymentKey").asString(),
                answer.path("redirectUrl").asString(null),
                answer.path("payment").path("secret").asString(null));
    }

    /** An empty JSON object, for a request's options. */
    static ObjectNode body() {
        return MAPPER.createObjectNode();
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

    /**
     * The PG approves the payment without the merchant's confirm (automation API), and sends its webhook. Returns the
     * Payment, whose {@code lastTransactionKey} is the approval's.
     */
    JsonNode approveBehindTheMerchantsBack(String paymentKey) {
        return json(post("/sandbox/v1/payments/" + paymentKey + "/approve", "{}", null), 200);
    }

    /**
     * A cancel made in the PG's console, not by the merchant (automation API); its webhook is sent. Returns the
     * Payment, whose {@code lastTransactionKey} is the cancel's.
     */
    JsonNode cancelInTheConsole(String paymentKey, long amount, String reason) {
        String body = MAPPER.createObjectNode()
                .put("cancelReason", reason)
                .put("cancelAmount", amount)
                .toString();
        return json(post("/sandbox/v1/payments/" + paymentKey + "/cancel", body, null), 200);
    }

    /** The PG sends none of the payment's later webhooks, of any type (automation API): they are lost on the way. */
    void dropWebhooks(String paymentKey) {
        JsonNode answer = json(post("/sandbox/v1/payments/" + paymentKey + "/drop-webhooks", "{}", null), 200);
        if (answer.path("dropping").asLong() != -1) {
            throw new AssertionError("the sandbox drops only some webhooks: " + answer);
        }
    }

    /** How the merchant's next cancels of the payment are answered (automation API), e.g. FAIL_TIMES. */
    void cancelBehaviour(String paymentKey, ObjectNode behaviour) {
        json(post("/sandbox/v1/payments/" + paymentKey + "/cancel-behaviour", behaviour.toString(), null), 200);
    }

    /**
     * The buyer's transfer into a virtual account (automation API), as from Toss's console; options
     * {@code depositorName}, {@code twice}, {@code wrongSecret}. The answer as it came: a transfer the bank bounces is
     * a 4xx.
     */
    HttpResponse<String> deposit(String paymentKey, ObjectNode options) {
        return post("/sandbox/v1/payments/" + paymentKey + "/deposit", options.toString(), null);
    }

    /** The bank reverses the deposit into a virtual account (automation API); its webhooks are sent. */
    void reverseDeposit(String paymentKey) {
        json(post("/sandbox/v1/payments/" + paymentKey + "/reverse-deposit", "", null), 200);
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
