package dev.payments.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.edge.web.RateLimitProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

class EdgePropertiesTest {

    /** The defaults are declared once, in the record; api-edge.yml sets no {@code payments.*} value but the secrets. */
    @Test
    void unsetPropertiesTakeTheRecordsDefaults() {
        var source = new MapConfigurationPropertySource(
                Map.of("payments.merchant-api-key", "a-merchant-key", "payments.token-secret", "a-token-secret"));

        EdgeProperties properties =
                new Binder(source).bind("payments", EdgeProperties.class).get();

        assertThat(properties.orderTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(properties.edge().publicUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(properties.edge().maxRequestBody()).isEqualTo(DataSize.ofKilobytes(16));
        assertThat(properties.edge().sendTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.edge().retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.edge().shopUrl()).as("no link back to a shop").isNull();
        assertThat(properties.pg().clientKey()).isEqualTo("test_ck_local_sandbox");
        assertThat(properties.pg().webhookSecret()).isEmpty();
        assertThat(properties.pg().webhookTolerance()).isEqualTo(Duration.ofMinutes(5));
    }

    /** docs/contract.md §6: each property is also settable by its environment variable, dashes written as underscores. */
    @Test
    void environmentVariablesNameTheProperties() {
        var source = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                        "PAYMENTS_MERCHANT_API_KEY", "a-merchant-key",
                        "PAYMENTS_TOKEN_SECRET", "a-token-secret",
                        "PAYMENTS_ORDER_TTL", "45m",
                        "PAYMENTS_EDGE_PUBLIC_URL", "https://pay.example.test",
                        "PAYMENTS_EDGE_SHOP_URL", "https://shop.example.test/orders",
                        "PAYMENTS_PG_WEBHOOK_SECRET", "whsec_env",
                        "PAYMENTS_PG_WEBHOOK_TOLERANCE", "2m",
                        "PAYMENTS_EDGE_RATE_LIMIT_WEBHOOKS_CAPACITY", "20"));

        EdgeProperties properties = new Binder(ConfigurationPropertySources.from(source))
                .bind("payments", EdgeProperties.class)
                .get();

        assertThat(properties.orderTtl()).isEqualTo(Duration.ofMinutes(45));
        assertThat(properties.edge().publicUrl()).isEqualTo(URI.create("https://pay.example.test"));
        assertThat(properties.edge().shopUrl()).isEqualTo(URI.create("https://shop.example.test/orders"));
        assertThat(properties.pg().webhookSecret()).isEqualTo("whsec_env");
        assertThat(properties.pg().webhookTolerance()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.merchantApiKey()).isEqualTo("a-merchant-key");
        assertThat(new Binder(ConfigurationPropertySources.from(source))
                        .bindOrCreate("payments.edge.rate-limit", RateLimitProperties.class)
                        .webhooks())
                .isEqualTo(new RateLimitProperties.Group(20L, 100L));
    }

    /** The buyer follows the result page's link back to the shop: only a web page, never script or data. */
    @ParameterizedTest
    @ValueSource(
            strings = {"javascript:alert(1)", "data:text/html,hi", "/relative/path", "shop.example.test", "ftp://x"})
    void aShopUrlThatIsNotAnAbsoluteWebUrlIsRefused(String url) {
        var source = new MapConfigurationPropertySource(Map.of(
                "payments.merchant-api-key", "a-merchant-key",
                "payments.token-secret", "a-token-secret",
                "payments.edge.shop-url", url));

        assertThatThrownBy(() -> new Binder(source).bind("payments", EdgeProperties.class))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("payments.edge.shop-url must be an absolute http or https URL with a host");
    }

    @Test
    void anEmptyShopUrlIsNone() {
        var source = new MapConfigurationPropertySource(Map.of(
                "payments.merchant-api-key", "a-merchant-key",
                "payments.token-secret", "a-token-secret",
                "payments.edge.shop-url", ""));

        assertThat(new Binder(source)
                        .bind("payments", EdgeProperties.class)
                        .get()
                        .edge()
                        .shopUrl())
                .isNull();
    }

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
                        Duration.ofSeconds(5),
                        null),
                new EdgeProperties.Pg("test_ck_local_sandbox", "whsec_webhook-secret-value", Duration.ofMinutes(5)));

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
        var pg = new EdgeProperties.Pg("test_ck_local_sandbox", null, Duration.ofMinutes(5));

        assertThat(pg.webhookSecret()).isEmpty();
        assertThat(pg.toString()).contains("webhookSecret=(empty)");
    }
}
