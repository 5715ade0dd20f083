package dev.payments.sandbox;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The PG sandbox: a local, in-memory simulator of the Toss Payments v1 API subset (docs/contract.md §5). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SandboxApplication {

    /** The sandbox reads {@code pg-sandbox.yml} (not application.yml) so that it can share a classpath with others. */
    public static final String CONFIG_NAME = "pg-sandbox";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SandboxApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
