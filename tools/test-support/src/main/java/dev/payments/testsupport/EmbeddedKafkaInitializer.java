package dev.payments.testsupport;

import dev.payments.schemas.Topics;
import java.util.Map;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Points {@code spring.kafka.bootstrap-servers} at one embedded KRaft broker per test JVM ({@link KraftBroker}),
 * started on first use with the contract's three topics (3 partitions each) and stopped at JVM exit: every test class
 * of a module shares it, so tests use their own orderIds. Use with
 * {@code @ContextConfiguration(initializers = EmbeddedKafkaInitializer.class)}.
 */
public class EmbeddedKafkaInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedKafkaBroker broker;

    /** The shared broker's bootstrap servers, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = KraftBroker.start(3, Map.of());
            broker.addTopics(Topics.ORDER_EVENTS, Topics.COMPLETIONS, Topics.ORDER_EVENTS_DLT);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
        }
        return broker.getBrokersAsString();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("spring.kafka.bootstrap-servers=" + bootstrapServers())
                .applyTo(context.getEnvironment());
    }
}
