package dev.payments.edge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.RawHttp;
import dev.payments.edge.RawHttp.Response;
import dev.payments.edge.TestOrderIds;
import dev.payments.edge.TestTokens;
import dev.payments.edge.TopicOffsets;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edge under generated hostile input, on a real broker and a real PostgreSQL: every endpoint of docs/contract.md §4 and
 * the OpenAPI document, plus unknown paths and methods. For every request, whatever it holds:
 *
 * <ul>
 *   <li>the answer is never a 5xx (the broker is up here; see {@link EdgeFuzzBrokerDownIT} for the 503 case);
 *   <li>an error is {@code application/problem+json}, and a request with exactly one known-invalid input is a 400
 *       naming that input;
 *   <li>a refused request writes nothing to Kafka (the topic's end offsets are compared around each request), and an
 *       accepted one writes at most one record;
 *   <li>no answer, headers or body, contains the merchant key, the webhook secret, or the token of an order the request
 *       did not supply (an existing order is named by many requests, its token never sent).
 * </ul>
 *
 * <p>Cases come from a fixed seed ({@code -Dfuzz.seed} for others, {@code -Dfuzz.tries} for more).
 */
@EdgeIntegrationTest
@TestPropertySource(
        properties = {
            "payments.merchant-api-key=" + EdgeFuzzIT.MERCHANT_KEY,
            "payments.token-secret=" + EdgeFuzzIT.TOKEN_SECRET,
            "payments.pg.webhook-secret=" + EdgeFuzzIT.WEBHOOK_SECRET,
            // requests come from 127.0.0.1: trusting it makes the fuzzer's X-Forwarded-For headers count
            "payments.edge.rate-limit.trusted-proxies=127.0.0.1",
            "payments.edge.rate-limit.webhooks.capacity=1000000",
            "payments.edge.rate-limit.redirects.capacity=1000000",
            "payments.edge.rate-limit.checkout.capacity=1000000"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeFuzzIT {

    static final String MERCHANT_KEY = "fuzz-merchant-key-9d8c7b6a";
    static final String TOKEN_SECRET = "fuzz-token-secret-1a2b3c4d";
    static final String WEBHOOK_SECRET = "whsec_fuzz-secret-5e4f3a2b";
    static final String VICTIM = TestOrderIds.next("victim");
    static final String VICTIM_TOKEN = TestTokens.tokenFor(TOKEN_SECRET, VICTIM);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final EdgeRequests REQUESTS = new EdgeRequests(MERCHANT_KEY, WEBHOOK_SECRET, VICTIM);
    static final Map<Integer, Integer> STATUSES = new ConcurrentSkipListMap<>();
    private static final Logger log = LoggerFactory.getLogger(EdgeFuzzIT.class);

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    RawHttp http;
    TopicOffsets offsets;

    @BeforeAll
    void existingOrder() {
        JdbcClient.create(EmbeddedPostgres.dataSource())
                .sql("""
                        INSERT INTO orders (order_id, status, amount, currency, order_name, token_hash, payment_key,
                                            reason, expires_at, created_at, updated_at, version)
                        VALUES (:orderId, 'IN_PROGRESS', 15000, 'KRW', 'Coffee beans 1kg', :tokenHash, 'pk_victim',
                                NULL, :at, :at, :at, 0)
                        """)
                .param("orderId", VICTIM)
                .param("tokenHash", TokenHash.of(VICTIM_TOKEN))
                .param("at", Timestamp.from(Instant.now().plusSeconds(1800)))
                .update();
    }

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
        if (offsets == null) {
            offsets = new TopicOffsets(bootstrapServers, Topics.ORDER_EVENTS);
        }
    }

    @AfterAll
    void tearDown() {
        if (offsets != null) {
            offsets.close();
        }
        // what the generated cases reached, so that a generator that stopped reaching a check shows
        log.info(
                "fuzz answers by status (seed {}, {} tries per endpoint): {}",
                EdgeRequests.SEED,
                EdgeRequests.TRIES,
                STATUSES);
    }

    static Stream<FuzzRequest> issuance() {
        return EdgeRequests.cases("issuance", EdgeRequests.TRIES, REQUESTS::issuance);
    }

    static Stream<FuzzRequest> checkout() {
        return EdgeRequests.cases("checkout", EdgeRequests.TRIES, REQUESTS::checkout);
    }

    static Stream<FuzzRequest> refund() {
        return EdgeRequests.cases("refund", EdgeRequests.TRIES, REQUESTS::refund);
    }

    static Stream<FuzzRequest> successRedirect() {
        return EdgeRequests.cases("success", EdgeRequests.TRIES, REQUESTS::successRedirect);
    }

    static Stream<FuzzRequest> failRedirect() {
        return EdgeRequests.cases("fail", EdgeRequests.TRIES, REQUESTS::failRedirect);
    }

    static Stream<FuzzRequest> webhook() {
        return EdgeRequests.cases("webhook", EdgeRequests.TRIES, REQUESTS::webhook);
    }

    static Stream<FuzzRequest> read() {
        return EdgeRequests.cases("read", EdgeRequests.TRIES, REQUESTS::read);
    }

    static Stream<FuzzRequest> unknown() {
        return EdgeRequests.cases("unknown", EdgeRequests.TRIES, REQUESTS::unknown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("issuance")
    void issuanceHolds(FuzzRequest request) {
        Response response = exchange(request);
        if (response.status() == 202) {
            JsonNode issued = JSON.readTree(response.body());
            assertThat(issued.get("csrfToken").asString())
                    .as("the token handed out is the issued order's own")
                    .isEqualTo(TestTokens.tokenFor(
                            TOKEN_SECRET, issued.get("orderId").asString()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkout")
    void checkoutHolds(FuzzRequest request) {
        exchange(request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refund")
    void refundHolds(FuzzRequest request) {
        exchange(request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("successRedirect")
    void successRedirectHolds(FuzzRequest request) {
        exchange(request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failRedirect")
    void failRedirectHolds(FuzzRequest request) {
        exchange(request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhook")
    void webhookHolds(FuzzRequest request) {
        exchange(request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("read")
    void readsHold(FuzzRequest request) {
        exchange(request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknown")
    void unknownPathsAndMethodsHold(FuzzRequest request) {
        exchange(request);
    }

    @Test
    void anOversizedHeaderIsRefusedBeforeTheEdgeAndWritesNothing() {
        String orderId = TestOrderIds.next("bighead");
        byte[] body = "{\"csrfToken\":\"t\"}".getBytes(StandardCharsets.UTF_8);
        for (List<String[]> headers :
                List.of(List.<String[]>of(new String[] {"X-Padding", "p".repeat(9 * 1024)}), manyHeaders(200, 60))) {
            List<String[]> all = new ArrayList<>(headers);
            all.add(new String[] {"Content-Type", "application/json"});
            all.add(new String[] {"Content-Length", Integer.toString(body.length)});
            long before = offsets.written();

            Response response = http.send("POST", "/api/v1/orders/" + orderId + "/checkout", all, body);

            assertThat(response.status()).isIn(400, 431);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(offsets.written()).as("records written").isEqualTo(before);
        }
        // the same request with ordinary headers is accepted, so the size alone made the difference
        Response ordinary = http.send(
                "POST",
                "/api/v1/orders/" + orderId + "/checkout",
                List.of(
                        new String[] {"Content-Type", "application/json"},
                        new String[] {"Content-Length", Integer.toString(body.length)}),
                body);
        assertThat(ordinary.status()).isEqualTo(202);
    }

    private static List<String[]> manyHeaders(int count, int valueLength) {
        List<String[]> headers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            headers.add(new String[] {"X-Many-" + i, "v".repeat(valueLength)});
        }
        return headers;
    }

    /** Sends the request and checks what must hold for any request; returns the answer for more checks. */
    private Response exchange(FuzzRequest request) {
        long before = offsets.written();
        Response response = http.send(request.method(), request.target(), request.headers(), request.body());
        long written = offsets.written() - before;
        STATUSES.merge(response.status(), 1, Integer::sum);

        assertThat(response.status())
                .as("status of %s: %s", request, response.body())
                .isLessThan(500);
        if (response.status() >= 400) {
            assertThat(written).as("records written for refused %s", request).isZero();
            if (!request.method().equals("HEAD")) {
                assertThat(response.contentType())
                        .as("content type of %s %s", response.status(), request)
                        .startsWith("application/problem+json");
                JsonNode problem = JSON.readTree(response.body());
                assertThat(problem.get("status").asInt()).isEqualTo(response.status());
                assertThat(problem.get("detail").asString()).isNotBlank();
            }
        } else {
            assertThat(written).as("records written for %s", request).isLessThanOrEqualTo(request.mayWrite() ? 1 : 0);
        }
        if (request.expectedField() != null) {
            assertThat(response.status())
                    .as("status of %s: %s", request, response.body())
                    .isEqualTo(400);
            assertThat(fields(response)).as("fields named for %s", request).contains(request.expectedField());
        }
        assertThat(response.raw())
                .as("answer to %s", request)
                .doesNotContain(MERCHANT_KEY)
                .doesNotContain(WEBHOOK_SECRET)
                .doesNotContain(VICTIM_TOKEN)
                .doesNotContain(TOKEN_SECRET);
        return response;
    }

    private static List<String> fields(Response response) {
        JsonNode errors = JSON.readTree(response.body()).get("errors");
        return errors == null
                ? List.of()
                : errors.valueStream().map(e -> e.get("field").asString()).toList();
    }
}
