package dev.payments.edge.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    /** The only source of "now" in the edge. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
