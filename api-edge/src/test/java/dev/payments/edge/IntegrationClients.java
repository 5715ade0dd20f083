package dev.payments.edge;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * The clients an {@link EdgeIntegrationTest} works with: HTTP to the edge's port, and the order-events topic of the
 * broker the edge writes to. Lazy, so that they are made once the server has its port.
 */
@TestConfiguration(proxyBeanMethods = false)
class IntegrationClients {

    @Bean
    @Lazy
    EdgeHttp edgeHttp(Environment environment) {
        return new EdgeHttp(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    @Bean
    @Lazy
    OrderEvents orderEvents(Environment environment) {
        return new OrderEvents(environment.getRequiredProperty("spring.kafka.bootstrap-servers"));
    }
}
