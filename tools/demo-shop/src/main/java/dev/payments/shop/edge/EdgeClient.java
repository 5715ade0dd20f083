package dev.payments.shop.edge;

import dev.payments.shop.ShopProperties;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shop's server-to-server calls to the api-edge (docs/contract.md §4), on Spring's {@link RestClient} over the JDK's
 * HttpClient with bounded timeouts. Every call carries the merchant key except checkout, which carries the order's
 * token, as the buyer's page would. A 4xx answer is an {@link EdgeRefusedException}; no answer, a timeout or a 5xx an
 * {@link EdgeUnavailableException}.
 */
@Component
public class EdgeClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<List<RefundView>> REFUNDS = new ParameterizedTypeReference<>() {};

    private final RestClient http;
    private final String authorization;

    EdgeClient(ShopProperties properties) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                // plain HTTP/1.1: no h2c upgrade attempt on requests with a body
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        requests.setReadTimeout(properties.readTimeout());
        this.http = RestClient.builder()
                .baseUrl(properties.edgeUrl())
                .requestFactory(requests)
                .build();
        this.authorization = "Bearer " + properties.merchantKey();
    }

    /** {@code POST /api/v1/orders} with the merchant key. */
    public IssuedOrder issue(String orderId, long amount, String orderName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", orderId);
        body.put("amount", amount);
        body.put("currency", "KRW");
        body.put("orderName", orderName);
        IssuedOrder issued = call(() -> http.post()
                .uri("/api/v1/orders")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(IssuedOrder.class));
        if (issued == null || issued.csrfToken() == null || issued.pg() == null) {
            throw new EdgeUnavailableException("the edge's issuance answer lacks the token or the PG parameters", null);
        }
        return issued;
    }

    /** {@code POST /api/v1/orders/{orderId}/checkout} with the order's token: the buyer opens the PG window now. */
    public void startCheckout(String orderId, String csrfToken) {
        call(() -> http.post()
                .uri("/api/v1/orders/{orderId}/checkout", orderId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("csrfToken", csrfToken))
                .retrieve()
                .toBodilessEntity());
    }

    /** {@code GET /api/v1/orders/{orderId}} with the merchant key; a 404 until the payment system has recorded it. */
    public OrderView order(String orderId) {
        OrderView order =
                call(() -> merchantGet("/api/v1/orders/{orderId}", orderId).body(OrderView.class));
        if (order == null || order.status() == null) {
            throw new EdgeUnavailableException("the edge's order answer lacks the order's status", null);
        }
        return order;
    }

    /** {@code GET /api/v1/orders/{orderId}/refunds} with the merchant key: the order's refunds, oldest first. */
    public List<RefundView> refunds(String orderId) {
        List<RefundView> refunds = call(
                () -> merchantGet("/api/v1/orders/{orderId}/refunds", orderId).body(REFUNDS));
        return refunds == null ? List.of() : refunds;
    }

    /**
     * {@code POST /api/v1/orders/{orderId}/refunds} with the merchant key: asks for a refund, which the payment system
     * decides and carries out later. The same {@code refundId} with the same body is one refund however often it is
     * sent.
     *
     * @param amount the amount to refund, or null for the order's whole refundable balance
     * @param account the buyer's account to pay a virtual account's refund into, or null for any other order
     */
    public void refund(String orderId, String refundId, Long amount, String reason, RefundAccount account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refundId", refundId);
        if (amount != null) {
            body.put("amount", amount);
        }
        body.put("reason", reason);
        if (account != null) {
            body.put(
                    "refundReceiveAccount",
                    Map.of(
                            "bank", account.bank(),
                            "accountNumber", account.accountNumber(),
                            "holderName", account.holderName()));
        }
        call(() -> http.post()
                .uri("/api/v1/orders/{orderId}/refunds", orderId)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toBodilessEntity());
    }

    private RestClient.ResponseSpec merchantGet(String path, String orderId) {
        return http.get()
                .uri(path, orderId)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve();
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().is4xxClientError()) {
                throw new EdgeRefusedException(e.getStatusCode().value(), detail(e.getResponseBodyAsString()));
            }
            HttpHeaders headers = e.getResponseHeaders();
            throw new EdgeUnavailableException(
                    "the edge answered HTTP " + e.getStatusCode().value(),
                    e,
                    headers == null ? null : headers.getFirst(HttpHeaders.RETRY_AFTER));
        } catch (ResourceAccessException e) {
            throw new EdgeUnavailableException("the edge could not be reached", e);
        }
    }

    /**
     * The {@code detail} of an RFC 9457 problem and, for a validation problem, its fields and what each must be
     * ({@code errors: [{field, message}]}); null when the body is not a problem.
     */
    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            JsonNode detail = problem == null ? null : problem.get("detail");
            if (detail == null || !detail.isString()) {
                return null;
            }
            String fields = problem.path("errors")
                    .valueStream()
                    .filter(error -> error.path("field").isString()
                            && error.path("message").isString())
                    .map(error -> error.get("field").asString() + " "
                            + error.get("message").asString())
                    .collect(Collectors.joining("; "));
            return fields.isEmpty() ? detail.asString() : detail.asString() + " (" + fields + ")";
        } catch (RuntimeException e) {
            return null;
        }
    }
}
