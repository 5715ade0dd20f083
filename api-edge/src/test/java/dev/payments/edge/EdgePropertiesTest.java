package dev.payments.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EdgePropertiesTest {

    @Test
    void toStringNeverShowsTheSecrets() {
        var properties = new EdgeProperties(
                "merchant-key-value",
                "token-secret-value",
                Duration.ofMinutes(30),
                new EdgeProperties.Edge(
                        URI.create("http://localhost:8080"),
                        DataSize.ofKilobytes(16),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5)),
                new EdgeProperties.Pg("test_ck_local_sandbox", "whsec_webhook-secret-value"));

        assertThat(properties.toString())
                .doesNotContain("merchant-key-value")
                .doesNotContain("token-secret-value")
                .doesNotContain("webhook-secret-value")
                .contains(
                        "merchantApiKey=******",
                        "tokenSecret=******",
                        "webhookSecret=******",
                        "PT30M",
                        "test_ck_local_sandbox");
    }

    @Test
    void anUnsetWebhookSecretIsEmptyAndShownAsSuch() {
        var pg = new EdgeProperties.Pg("test_ck_local_sandbox", null);

        assertThat(pg.webhookSecret()).isEmpty();
        assertThat(pg.toString()).contains("webhookSecret=(empty)");
    }
}
