package dev.payments.edge.messaging;

import dev.payments.edge.config.EdgeProperties;
import java.util.HashMap;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class KafkaHealthConfiguration {

    /** One long-lived client for health checks: creating one per probe would open new connections every time. */
    @Bean(destroyMethod = "close")
    AdminClient healthAdminClient(KafkaAdmin kafkaAdmin, EdgeProperties properties) {
        int timeoutMs = (int) properties.edge().kafkaHealthTimeout().toMillis();
        var config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "payments-api-edge-health");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return AdminClient.create(config);
    }

    /** Named {@code kafka} in /actuator/health. */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(AdminClient healthAdminClient, EdgeProperties properties) {
        return new KafkaHealthIndicator(healthAdminClient, properties.edge().kafkaHealthTimeout());
    }
}
