package dev.payments.edge.flood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.RawHttp;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.KafkaRecords;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A flood of forged callbacks from one client does not starve genuine ones from another: the PG's signed webhooks and
 * the buyers' redirects are all accepted and reach Kafka while the flooder is answered 429 and writes nothing.
 */
@EdgeIntegrationTest
@TestPropertySource(
        properties = {
            "payments.pg.webhook-secret=" + RateLimitFloodIT.SECRET,
            "payments.edge.rate-limit.webhooks.capacity=20",
            "payments.edge.rate-limit.webhooks.refill-per-second=10",
            "payments.edge.rate-limit.redirects.capacity=20",
            "payments.edge.rate-limit.redirects.refill-per-second=10"
        })
class RateLimitFloodIT {

    static final String SECRET = "whsec_flood-test-secret";

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void genuineCallbacksAreAllAcceptedWhileTheFlooderIsRefusedAndWritesNothing() throws Exception {
        FloodRun.Figures figures = new FloodRun(port, SECRET).run(40, Duration.ofMillis(50), 4);

        assertThat(figures.genuineStatuses()).as("genuine answers").containsOnlyKeys(200, 303);
        assertThat(figures.genuineAccepted()).isEqualTo(40);
        assertThat(figures.floodSent()).as("flood requests").isGreaterThan(200);
        assertThat(figures.floodStatuses().keySet())
                .as("the flooder's answers: refused by the bucket, the signature check or validation")
                .isSubsetOf(429, 401, 400)
                .contains(429);
        assertThat(figures.flood429Percent())
                .as("share of the flood answered 429")
                .isGreaterThan(50);

        List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(bootstrapServers, Topics.ORDER_EVENTS);
        Set<String> keys = records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(keys).as("every genuine callback is in Kafka").containsAll(figures.genuineOrderIds());
        assertThat(records).as("records of the flooder").noneMatch(r -> r.key().startsWith("flood-"));
        assertThat(records.stream().filter(r -> figures.genuineOrderIds().contains(r.key())))
                .as("one record per genuine callback")
                .hasSize(figures.genuineOrderIds().size());
    }

    @Test
    void aRefusedClientIsToldWhenToComeBackAndNothingOfTheRefusedRequestIsWritten() {
        var http = new RawHttp(port);
        String orderId = "order-limited-" + System.nanoTime();
        int before = KafkaRecords.readAll(bootstrapServers, Topics.ORDER_EVENTS, orderId)
                .size();
        int accepted = 0;
        RawHttp.Response refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            RawHttp.Response response = http.send(
                    "GET", "/pg/fail?orderId=" + orderId + "&token=t", List.of(), new byte[0], FloodRun.FLOODER);
            if (response.status() == 303) {
                accepted++;
            } else {
                refused = response;
            }
        }

        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
        assertThat(KafkaRecords.readAll(bootstrapServers, Topics.ORDER_EVENTS, orderId))
                .as("records: one per accepted redirect, none for the refused one")
                .hasSize(before + accepted);
    }
}
