package dev.payments.worker.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.worker.messaging.CloudEventWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The pg package's beans as Spring wires them. Nothing here connects anywhere: the infrastructure is never used. */
class ConfirmWiringTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(PgBeans.class)
            .withBean(DataSource.class, SimpleDriverDataSource::new)
            .withBean(
                    KafkaTemplate.class,
                    () -> new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                            Map.of("bootstrap.servers", "127.0.0.1:9"),
                            new StringSerializer(),
                            new ByteArraySerializer())))
            .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Clock.class, Clock::systemUTC)
            // a running poller would only log that this DataSource connects nowhere
            .withPropertyValues("payments.pg.status-check.enabled=false");

    @Configuration(proxyBeanMethods = false)
    // the pg package's beans only: not the test configurations that live in the same package
    @ComponentScan(
            basePackageClasses = ConfirmDispatcher.class,
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    @EnableConfigurationProperties(PgProperties.class)
    @Import(CloudEventWriter.class)
    static class PgBeans {}

    @Test
    void turningTheDispatcherOffStillRecordsConfirmRequests() {
        context.withPropertyValues("payments.pg.confirm.enabled=false").run(beans -> {
            assertThat(beans).hasNotFailed();
            assertThat(beans).doesNotHaveBean(ConfirmDispatcher.class);
            assertThat(beans).hasSingleBean(ConfirmationRequests.class);
            assertThat(beans).hasSingleBean(TossPaymentsClient.class);
        });
    }

    @Test
    void turningTheStatusCheckDispatcherOffStillRecordsStatusChecks() {
        context.withPropertyValues("payments.pg.confirm.enabled=false").run(beans -> {
            assertThat(beans).hasNotFailed();
            assertThat(beans).doesNotHaveBean(StatusCheckDispatcher.class);
            assertThat(beans).hasSingleBean(StatusChecks.class);
        });
    }

    @Test
    void bindsThePropertiesWithTheirDefaults() {
        context.withPropertyValues("payments.pg.confirm.enabled=false", "payments.pg.base-url=https://pg.example")
                .run(beans -> {
                    PgProperties properties = beans.getBean(PgProperties.class);
                    assertThat(properties.baseUrl()).isEqualTo("https://pg.example");
                    assertThat(properties.secretKey()).isEqualTo("test_sk_local_sandbox");
                    assertThat(properties.confirm().maxConcurrency()).isEqualTo(32);
                });
    }
}
