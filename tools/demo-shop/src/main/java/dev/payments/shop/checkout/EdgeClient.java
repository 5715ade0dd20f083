package dev.payments.shop.checkout;

import dev.payments.shop.ShopProperties;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * HttpClient with bounded timeouts. Only issuance carries the merchant key; checkout carries the order's token, as the
 * buyer's page would.
 */
@Component
class EdgeClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    IssuedOrder issue(String orderId, long amount, String orderName) {
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
    void startCheckout(String orderId, String csrfToken) {
        call(() -> http.post()
                .uri("/api/v1/orders/{orderId}/checkout", orderId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("csrfToken", csrfToken))
                .retrieve()
                .toBodilessEntity());
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().is4xxClientError()) {
                throw new EdgeRefusedException(e.getStatusCode().value(), detail(e.getResponseBodyAsString()));
            }
            throw new EdgeUnavailableException(
                    "the edge answered HTTP " + e.getStatusCode().value(), e);
        } catch (ResourceAccessException e) {
            throw new EdgeUnavailableException("the edge could not be reached", e);
        }
    }

    /** The {@code detail} of an RFC 9457 problem, or null when the body is not one. */
    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            JsonNode detail = problem == null ? null : problem.get("detail");
            return detail == null || !detail.isString() ? null : detail.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
