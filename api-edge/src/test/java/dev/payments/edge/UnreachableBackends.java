package dev.payments.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.web.RateLimitProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * What an {@link EdgeWebMvcTest} slice has behind its controllers: the edge's real {@link EventPublisher} on a real
 * {@link KafkaTemplate}, and a real {@link JdbcClient}, both pointed at a port nothing listens on. A request that got
 * past validation would reach them and be answered 503, never the 4xx the slices expect; and {@link ProducersCreated}
 * counts the Kafka producers the template ever made, which {@link NothingSent} checks after every test of a slice.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({EdgeProperties.class, RateLimitProperties.class})
@Import(EventPublisher.class)
public class UnreachableBackends {

    private static final String NOWHERE = ClosedPort.address();

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    ProducersCreated producersCreated() {
        return new ProducersCreated();
    }

    @Bean
    KafkaTemplate<String, byte[]> kafkaTemplate(ProducersCreated producersCreated) {
        var factory = new DefaultKafkaProducerFactory<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                NOWHERE,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                500,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        factory.addListener(producersCreated);
        return new KafkaTemplate<>(factory);
    }

    @Bean
    JdbcClient jdbcClient() {
        return JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://" + NOWHERE + "/nowhere"));
    }

    /** Counts the producers the slice's Kafka template created: none, as long as nothing was sent. */
    public static final class ProducersCreated implements ProducerFactory.Listener<String, byte[]> {

        private final AtomicInteger created = new AtomicInteger();

        @Override
        public void producerAdded(String id, Producer<String, byte[]> producer) {
            created.incrementAndGet();
        }

        public int count() {
            return created.get();
        }
    }

    /** After each test of a slice: the slice's Kafka template created no producer, so nothing was sent. */
    static final class NothingSent implements AfterEachCallback {

        @Override
        public void afterEach(ExtensionContext context) {
            ProducersCreated producers =
                    SpringExtension.getApplicationContext(context).getBean(ProducersCreated.class);
            assertThat(producers.count()).as("Kafka producers created").isZero();
        }
    }
}
