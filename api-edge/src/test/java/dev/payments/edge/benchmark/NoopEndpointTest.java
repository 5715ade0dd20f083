package dev.payments.edge.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeWebMvcTest;
import dev.payments.edge.SliceHttp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The benchmark's do-nothing endpoint: absent unless turned on, and then a 202 with a tiny JSON. */
class NoopEndpointTest {

    /** About the size of an issuance body, as the benchmark sends. */
    static final String BODY = """
            {"orderId":"ord_noop_0001","amount":15000,"currency":"KRW","orderName":"Coffee beans 1kg",
             "customerName":"Kim","customerEmail":"kim@example.com"}
            """;

    @Nested
    @EdgeWebMvcTest(NoopController.class)
    class ByDefault {

        @Autowired
        SliceHttp http;

        @Test
        void isNotServed() {
            Response response = http.postJson(NoopController.PATH, BODY);

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Nested
    @EdgeWebMvcTest(NoopController.class)
    @TestPropertySource(properties = "payments.edge.benchmark.noop-endpoint=true")
    class WhenEnabled {

        @Autowired
        SliceHttp http;

        @Test
        void answersATinyJsonWithoutDoingAnything() {
            Response response = http.postJson(NoopController.PATH, BODY);

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.json().get("received").asInt()).isEqualTo(BODY.length());
        }

        @Test
        void goesThroughTheSameFiltersAsIssuance() {
            // the body limit filter (16 KB by default) answers before the endpoint is reached
            String tooLarge = "{\"pad\":\"" + "x".repeat(17 * 1024) + "\"}";

            Response response = http.postJson(NoopController.PATH, tooLarge);

            assertThat(response.status()).isEqualTo(413);
        }
    }
}
