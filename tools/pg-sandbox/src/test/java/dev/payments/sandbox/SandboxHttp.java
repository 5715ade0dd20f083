package dev.payments.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP/1.1 client for the sandbox under test, authenticated like the worker; redirects are not followed. */
public final class SandboxHttp {

    public static final String SECRET_KEY = "test_sk_local_sandbox";
    public static final String CLIENT_KEY = "test_ck_local_sandbox";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private static final DateTimeFormatter KOREAN_LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public SandboxHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    public String base() {
        return base;
    }

    public static String basic(String secretKey) {
        return "Basic " + Base64.getEncoder().encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    public static String orderId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** {@code POST /v1/payments/confirm} with the right secret key; {@code idempotencyKey} may be null. */
    public Response confirm(String paymentKey, String orderId, long amount, String idempotencyKey, String... headers) {
        String body = "{\"paymentKey\":\"%s\",\"orderId\":\"%s\",\"amount\":%d}".formatted(paymentKey, orderId, amount);
        return postApi("/v1/payments/confirm", body, idempotencyKey, headers);
    }

    /** A POST to the Toss API with the right secret key. */
    public Response postApi(String path, String json, String idempotencyKey, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", basic(SECRET_KEY)));
        if (idempotencyKey != null) {
            all.addAll(List.of("Idempotency-Key", idempotencyKey));
        }
        all.addAll(List.of(headers));
        return post(path, json, all.toArray(String[]::new));
    }

    /** A GET from the Toss API with the right secret key. */
    public Response getApi(String path, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", basic(SECRET_KEY)));
        all.addAll(List.of(headers));
        return get(path, all.toArray(String[]::new));
    }

    public Response get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, Duration.ofSeconds(30), headers).GET());
    }

    public Response post(String path, String json, String... headers) {
        return send(request(path, Duration.ofSeconds(30), headers)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)));
    }

    public Response postForm(String path) {
        return postForm(path, "");
    }

    /** A form post as a browser sends it: {@code form} is the urlencoded body ({@code method=VIRTUAL_ACCOUNT}). */
    public Response postForm(String path, String form) {
        return send(request(path, Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(form)));
    }

    /** A POST that gives up after {@code timeout} (throws {@link java.net.http.HttpTimeoutException} wrapped). */
    public Response postWithTimeout(String path, String json, Duration timeout, String... headers) {
        return send(request(path, timeout, headers)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)));
    }

    /** A headless session through the automation API; fails the test unless it is created. */
    public JsonNode session(String json) {
        Response response = post("/sandbox/v1/sessions", json);
        if (response.status() != 201) {
            throw new AssertionError("session not created: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    /** A paid (IN_PROGRESS) session with the given confirm behaviour JSON (null: approve). */
    public JsonNode paidSession(String orderId, long amount, String confirm) {
        return session("{\"orderId\":\"%s\",\"amount\":%d,\"orderName\":\"토스 티셔츠 외 2건\"%s}"
                .formatted(orderId, amount, confirm == null ? "" : ",\"confirm\":" + confirm));
    }

    /** A paid (IN_PROGRESS) virtual-account session; {@code extra} adds fields to the body (null: none). */
    public JsonNode virtualAccountSession(String orderId, long amount, String extra) {
        return session(
                "{\"orderId\":\"%s\",\"amount\":%d,\"orderName\":\"토스 티셔츠 외 2건\",\"customerName\":\"김토스\",\"method\":\"가상계좌\"%s}"
                        .formatted(orderId, amount, extra == null ? "" : "," + extra));
    }

    /** A virtual account issued by its confirm (WAITING_FOR_DEPOSIT); its confirm answer. */
    public JsonNode issuedVirtualAccount(String orderId, long amount, String extra) {
        String paymentKey =
                virtualAccountSession(orderId, amount, extra).get("paymentKey").asString();
        Response confirm = confirm(paymentKey, orderId, amount, null);
        if (confirm.status() != 200) {
            throw new AssertionError("virtual account not issued: " + confirm.status() + " " + confirm.body());
        }
        return confirm.json();
    }

    /** {@code POST /sandbox/v1/payments/{paymentKey}/deposit} with {@code json} (empty: a plain deposit). */
    public Response deposit(String paymentKey, String json) {
        return post("/sandbox/v1/payments/" + paymentKey + "/deposit", json);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} in Korean time, as {@code GET /v1/transactions} takes its bounds. */
    public static String koreanTime(Instant instant) {
        return KOREAN_LOCAL_TIME.format(instant.atOffset(ZoneOffset.ofHours(9)));
    }

    /** The rows of {@code orderId} that {@code GET /v1/transactions} lists from {@code from} to {@code to}, in order. */
    public List<JsonNode> transactionsOf(String orderId, Instant from, Instant to) {
        Response response =
                getApi("/v1/transactions?startDate=" + koreanTime(from) + "&endDate=" + koreanTime(to) + "&limit=5000");
        if (response.status() != 200) {
            throw new AssertionError("transactions not listed: " + response.status() + " " + response.body());
        }
        return StreamSupport.stream(response.json().spliterator(), false)
                .filter(row -> row.get("orderId").asString().equals(orderId))
                .toList();
    }

    public JsonNode ledger(String orderId) {
        return get("/sandbox/v1/ledger/" + orderId).json();
    }

    private HttpRequest.Builder request(String pathAndQuery, Duration timeout, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            var response = client.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String code() {
            return json().get("code").asString();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public Map<String, List<String>> allHeaders() {
            return headers.map();
        }
    }
}
