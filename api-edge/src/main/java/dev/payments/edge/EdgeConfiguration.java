package dev.payments.edge;

import dev.payments.support.kafka.KafkaHealthConfiguration;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The edge's own infrastructure: its clock, and the broker's part of {@code /actuator/health}. */
@Configuration(proxyBeanMethods = false)
@Import(KafkaHealthConfiguration.class)
class EdgeConfiguration {

    /** The only source of "now" in the edge. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
