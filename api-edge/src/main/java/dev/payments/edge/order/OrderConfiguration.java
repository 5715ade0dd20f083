package dev.payments.edge.order;

import dev.payments.edge.EdgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OrderConfiguration {

    @Bean
    OrderTokens orderTokens(EdgeProperties properties) {
        return new OrderTokens(properties.tokenSecret());
    }
}
