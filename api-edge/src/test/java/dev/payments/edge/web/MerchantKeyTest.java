package dev.payments.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeProperties;
import dev.payments.testsupport.Concurrently;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class MerchantKeyTest {

    private final MerchantKey key = new MerchantKey(new EdgeProperties(
            "the-merchant-key",
            "a-token-secret",
            Duration.ofMinutes(30),
            new EdgeProperties.Edge(
                    URI.create("http://localhost:8080"),
                    DataSize.ofKilobytes(16),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    null),
            new EdgeProperties.Pg("test_ck", "", Duration.ofMinutes(5))));

    @Test
    void acceptsOnlyTheMerchantKeyAsBearer() {
        assertThat(key.matches("Bearer the-merchant-key")).isTrue();
        assertThat(key.matches("bearer  the-merchant-key ")).isTrue();
        assertThat(key.matches("Bearer the-merchant-kez")).isFalse();
        assertThat(key.matches("Bearer the-merchant-key2")).isFalse();
        assertThat(key.matches("Bearer ")).isFalse();
        assertThat(key.matches("Basic the-merchant-key")).isFalse();
        assertThat(key.matches(null)).isFalse();
    }

    /** The digest is cloned from a shared prototype per check: concurrent checks must not see each other's input. */
    @Test
    void concurrentChecksEachGetTheirOwnAnswer() throws Exception {
        List<Callable<Boolean>> checks = IntStream.range(0, 4_000)
                .<Callable<Boolean>>mapToObj(i -> () -> {
                    boolean right = i % 2 == 0;
                    String presented = right ? "the-merchant-key" : "the-merchant-key-" + i;
                    return key.matches("Bearer " + presented) == right;
                })
                .toList();

        List<Boolean> results = Concurrently.run(8, checks);

        assertThat(results).hasSize(4_000).containsOnly(true);
    }
}
