package dev.payments.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RateLimitPropertiesTest {

    private static RateLimitProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("payments.edge.rate-limit", RateLimitProperties.class);
    }

    @Test
    void unsetPropertiesTakeTheRecordsDefaults() {
        RateLimitProperties limits = bind(Map.of());

        assertThat(limits.enabled()).isTrue();
        assertThat(limits.trustedProxies()).isEmpty();
        assertThat(limits.maxClients()).isEqualTo(100_000);
        assertThat(limits.idleExpiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(limits.webhooks()).isEqualTo(new RateLimitProperties.Group(500L, 100L));
        assertThat(limits.redirects()).isEqualTo(new RateLimitProperties.Group(200L, 50L));
        assertThat(limits.checkout()).isEqualTo(new RateLimitProperties.Group(200L, 50L));
    }

    @Test
    void aGroupSetInPartKeepsItsOwnDefaultsForTheRest() {
        RateLimitProperties limits = bind(Map.of(
                "payments.edge.rate-limit.webhooks.capacity", "20",
                "payments.edge.rate-limit.checkout.refill-per-second", "7",
                "payments.edge.rate-limit.trusted-proxies", "10.0.0.0/8,192.168.1.1"));

        assertThat(limits.webhooks()).isEqualTo(new RateLimitProperties.Group(20L, 100L));
        assertThat(limits.checkout()).isEqualTo(new RateLimitProperties.Group(200L, 7L));
        assertThat(limits.redirects()).isEqualTo(new RateLimitProperties.Group(200L, 50L));
        assertThat(limits.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.1");
    }
}
