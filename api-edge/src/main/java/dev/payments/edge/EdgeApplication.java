package dev.payments.edge;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

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
}
