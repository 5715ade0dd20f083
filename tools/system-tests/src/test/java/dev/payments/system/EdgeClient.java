package dev.payments.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP calls a shop, a buyer's browser and the PG make to the api-edge. Redirects are not followed. */
final class EdgeClient {

    /** What a shop gets back when it issues an order. */
    record IssuedOrder(String orderId, String csrfToken, String successUrl, String failUrl) {}

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String baseUrl;
    private final String merchantKey;

    EdgeClient(String baseUrl, String merchantKey) {
        this.baseUrl = baseUrl;
        this.merchantKey = merchantKey;
    }

    IssuedOrder issue(String orderId, long amount) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/orders"))
                .header("Authorization", "Bearer " + merchantKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"orderId":"%s","amount":%d,"currency":"KRW","orderName":"Coffee beans 1kg"}""".formatted(orderId, amount))));
        if (response.statusCode() != 202) {
            throw new AssertionError("issuance answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = MAPPER.readTree(response.body());
        return new IssuedOrder(
                body.get("orderId").asString(),
                body.get("csrfToken").asString(),
                body.get("pg").get("successUrl").asString(),
                body.get("pg").get("failUrl").asString());
    }

    HttpResponse<String> issueRequest(String orderId, long amount) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/orders"))
                .header("Authorization", "Bearer " + merchantKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"orderId":"%s","amount":%d,"currency":"KRW","orderName":"Coffee beans 1kg"}""".formatted(orderId, amount))));
    }

    HttpResponse<String> checkout(String orderId, String csrfToken) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/orders/" + orderId + "/checkout"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"csrfToken\":\"%s\"}".formatted(csrfToken))));
    }

    /** The browser coming back from the PG to successUrl, with the parameters the PG appends. */
    HttpResponse<String> successRedirect(IssuedOrder order, String paymentKey, long amount) {
        return get(order.successUrl() + "&paymentKey=" + encode(paymentKey) + "&orderId=" + encode(order.orderId())
                + "&amount=" + amount + "&paymentType=NORMAL");
    }

    /** The browser coming back from the PG to failUrl. */
    HttpResponse<String> failRedirect(IssuedOrder order, String code) {
        return get(order.failUrl() + "&code=" + encode(code) + "&message=" + encode("buyer saw an error"));
    }

    /** A GET of a URL the edge handed out, sent to this edge whatever public base URL it carries. */
    HttpResponse<String> get(String handedOutUrl) {
        URI uri = URI.create(handedOutUrl);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + uri.getRawPath() + "?" + uri.getRawQuery()))
                .GET());
    }

    HttpResponse<String> getWithMerchantKey(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + merchantKey)
                .GET());
    }

    /** A refund request as a shop sends it: {@code POST /api/v1/orders/{orderId}/refunds} with the merchant key. */
    HttpResponse<String> refund(String orderId, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/orders/" + orderId + "/refunds"))
                .header("Authorization", "Bearer " + merchantKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A refund as the edge reads it, or null when it answers 404. */
    JsonNode refundRead(String orderId, String refundId) {
        HttpResponse<String> response = getWithMerchantKey("/api/v1/orders/" + orderId + "/refunds/" + refundId);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("refund read answered " + response.statusCode() + ": " + response.body());
        }
        return MAPPER.readTree(response.body());
    }

    /** The order as the edge reads it with the merchant key. */
    JsonNode orderRead(String orderId) {
        HttpResponse<String> response = getWithMerchantKey("/api/v1/orders/" + orderId);
        if (response.statusCode() != 200) {
            throw new AssertionError("order read answered " + response.statusCode() + ": " + response.body());
        }
        return MAPPER.readTree(response.body());
    }

    /** The PG's server-to-server webhook; {@code signature} null sends none. */
    HttpResponse<String> webhook(String body, String transmissionId, String transmissionTime, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/pg/webhooks"))
                .header("Content-Type", "application/json")
                .header("tosspayments-webhook-transmission-id", transmissionId)
                .header("tosspayments-webhook-transmission-time", transmissionTime)
                .header("tosspayments-webhook-transmission-retried-count", "0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("tosspayments-webhook-signature", signature);
        }
        return send(request);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
