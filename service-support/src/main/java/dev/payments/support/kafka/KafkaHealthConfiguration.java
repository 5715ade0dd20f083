package dev.payments.support.kafka;

import java.time.Duration;
import java.util.HashMap;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Contributes {@code kafka} to /actuator/health (and so to readiness). Services import it explicitly. The wait is
 * {@code payments.kafka.health-timeout} (default 2s).
 */
@Configuration(proxyBeanMethods = false)
public class KafkaHealthConfiguration {

    /** One long-lived client for health checks: creating one per probe would open new connections every time. */
    @Bean(destroyMethod = "close")
    AdminClient healthAdminClient(
            KafkaAdmin kafkaAdmin,
            @Value("${spring.application.name:payments}") String applicationName,
            @Value("${payments.kafka.health-timeout:2s}") Duration timeout) {
        int timeoutMs = (int) timeout.toMillis();
        var config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationName + "-health");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return AdminClient.create(config);
    }

    /** Named {@code kafka} in /actuator/health. */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(
            AdminClient healthAdminClient, @Value("${payments.kafka.health-timeout:2s}") Duration timeout) {
        return new KafkaHealthIndicator(healthAdminClient, timeout);
    }
}
