package dev.payments.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.RawHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Forwarded headers from a peer that is not a trusted proxy change nothing, also where Spring Boot would believe them
 * on its own: on Kubernetes (detected from the environment, set here) it installs Tomcat's RemoteIpValve unless
 * {@code server.forward-headers-strategy} says otherwise, and that valve trusts any loopback or private-network peer.
 * The edge's bucket of a client is the observable: a client that could pick its address would never run dry.
 */
@EdgeIntegrationTest
@TestPropertySource(
        properties = {
            "spring.main.cloud-platform=kubernetes",
            "payments.edge.rate-limit.redirects.capacity=2",
            "payments.edge.rate-limit.redirects.refill-per-second=1"
        })
class ForwardedHeadersIT {

    @LocalServerPort
    int port;

    @Test
    void forwardedHeadersFromAnUntrustedPeerChangeNothing() {
        RawHttp http = new RawHttp(port);
        List<Integer> statuses = new ArrayList<>();

        for (int i = 1; i <= 3; i++) {
            RawHttp.Response response = http.send(
                    "GET",
                    "/pg/fail?orderId=forwarded-" + i, // no token: refused, but only after the bucket was charged
                    List.of(
                            new String[] {"X-Forwarded-For", "203.0.113." + i},
                            new String[] {"X-Real-IP", "203.0.113." + i},
                            new String[] {"Forwarded", "for=203.0.113." + i + ";proto=https;host=evil.example"},
                            new String[] {"X-Forwarded-Proto", "https"},
                            new String[] {"X-Forwarded-Host", "evil.example"},
                            new String[] {"X-Forwarded-Port", "443"},
                            new String[] {"X-Forwarded-Prefix", "/evil"}),
                    new byte[0]);
            statuses.add(response.status());
            assertThat(response.raw()).as("answer %d", i).doesNotContain("evil");
        }

        assertThat(statuses)
                .as("one client, 127.0.0.1, whatever the headers say: its bucket of 2 runs dry")
                .containsExactly(400, 400, 429);
    }
}
