package dev.payments.edge;

import dev.payments.support.secrets.Secret;
import dev.payments.support.secrets.SecretsGuard;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The api-edge: validates HTTP requests of shops, buyers and the PG and writes them as events to Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeApplication {

    /** The edge reads {@code api-edge.yml} (not application.yml) so that it can share a classpath with the worker. */
    public static final String CONFIG_NAME = "api-edge";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EdgeApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * Outside the {@code local} profile: no missing, committed (api-edge-local.yml) or short secret, and successUrl and
     * failUrl on https (docs/configuration.md). Static: it runs before any other bean exists.
     */
    @Bean
    static SecretsGuard secretsGuard() {
        return new SecretsGuard(
                List.of(
                        Secret.required("payments.merchant-api-key"),
                        Secret.hmacKey("payments.token-secret"),
                        Secret.whenSet("payments.pg.webhook-secret")),
                List.of("payments.edge.public-url"));
    }
}
