package dev.payments.worker.testing;

import dev.payments.worker.messaging.CloudEventWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The infrastructure a slice of the worker needs in an integration test: JSON, a real PostgreSQL with the Flyway
 * schema, JPA transactions, Kafka, a clock and a meter registry. A test's own configuration imports this and scans only
 * the package under test, so the rest of the worker (its consumer, its other pollers) stays out of the context.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    JacksonAutoConfiguration.class,
    DataSourceAutoConfiguration.class,
    FlywayAutoConfiguration.class,
    HibernateJpaAutoConfiguration.class,
    TransactionAutoConfiguration.class,
    KafkaAutoConfiguration.class
})
@Import(CloudEventWriter.class)
public class InfrastructureSlice {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
