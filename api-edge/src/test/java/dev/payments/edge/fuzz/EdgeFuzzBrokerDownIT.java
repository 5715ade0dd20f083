package dev.payments.edge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.ClosedPort;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.RawHttp;
import dev.payments.edge.RawHttp.Response;
import dev.payments.edge.TestOrderIds;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writing endpoints under generated input while no broker is reachable: every answer is a 4xx for what is
 * invalid, or a 503 with {@code Retry-After} for what would have been accepted; never another 5xx, never a 2xx that
 * claims an event is stored, and never a secret.
 */
@EdgeIntegrationTest
@TestPropertySource(
        properties = {
            "payments.merchant-api-key=" + EdgeFuzzBrokerDownIT.MERCHANT_KEY,
            "payments.pg.webhook-secret=" + EdgeFuzzBrokerDownIT.WEBHOOK_SECRET,
            // fail fast: each request would otherwise wait seconds for a broker that is not there
            "spring.kafka.producer.properties.max.block.ms=100",
            "payments.edge.send-timeout=500ms"
        })
class EdgeFuzzBrokerDownIT {

    static final String MERCHANT_KEY = "fuzz-down-merchant-key-44c1";
    static final String WEBHOOK_SECRET = "whsec_fuzz-down-secret-8b2e";
    static final int TRIES = Integer.getInteger("fuzz.tries.down", 40);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final EdgeRequests REQUESTS = new EdgeRequests(MERCHANT_KEY, WEBHOOK_SECRET, TestOrderIds.next("down"));

    @DynamicPropertySource
    static void kafkaAtAClosedPort(DynamicPropertyRegistry registry) {
        String nowhere = ClosedPort.address();
        registry.add("spring.kafka.bootstrap-servers", () -> nowhere);
    }

    static final Map<Integer, Integer> STATUSES = new ConcurrentSkipListMap<>();
    private static final Logger log = LoggerFactory.getLogger(EdgeFuzzBrokerDownIT.class);

    @LocalServerPort
    int port;

    @AfterAll
    static void statistics() {
        log.info(
                "fuzz answers without a broker by status (seed {}, {} tries per endpoint): {}",
                EdgeRequests.SEED,
                TRIES,
                STATUSES);
        assertThat(STATUSES)
                .as("some requests were valid enough to need the broker")
                .containsKey(503);
    }

    static Stream<FuzzRequest> writingRequests() {
        Map<String, Function<Hostile, FuzzRequest>> generators = Map.of(
                "issuance", REQUESTS::issuance,
                "checkout", REQUESTS::checkout,
                "success", REQUESTS::successRedirect,
                "fail", REQUESTS::failRedirect,
                "webhook", REQUESTS::webhook);
        return generators.keySet().stream()
                .sorted()
                .flatMap(name -> EdgeRequests.cases("down " + name, TRIES, generators.get(name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writingRequests")
    void answersA4xxOrA503NeverAnother5xxOrA2xxThatStoresSomething(FuzzRequest request) {
        Response response =
                new RawHttp(port).send(request.method(), request.target(), request.headers(), request.body());
        STATUSES.merge(response.status(), 1, Integer::sum);

        if (response.status() >= 500) {
            assertThat(response.status())
                    .as("status of %s: %s", request, response.body())
                    .isEqualTo(503);
            assertThat(response.header("Retry-After"))
                    .as("Retry-After of %s", request)
                    .isPresent();
        }
        if (response.status() >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(response.status());
        } else if (response.status() < 300) {
            // the only 2xx without a broker: a webhook the edge acknowledges without publishing (not a status change)
            assertThat(request.target()).as("2xx for %s", request).isEqualTo("/pg/webhooks");
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(response.status()).as("redirect for %s", request).isNotEqualTo(303);
        assertThat(response.raw()).doesNotContain(MERCHANT_KEY).doesNotContain(WEBHOOK_SECRET);
    }
}
