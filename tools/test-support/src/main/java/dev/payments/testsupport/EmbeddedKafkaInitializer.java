package dev.payments.testsupport;

import dev.payments.schemas.Topics;
import java.util.Map;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * One embedded KRaft broker per test JVM ({@link KraftBroker}), started on first use with the contract's three topics
 * (3 partitions each) and stopped at JVM exit: every test class of a module shares it, so tests use their own orderIds.
 * Use with {@code @ContextConfiguration(initializers = EmbeddedKafkaInitializer.class)} and
 * {@code spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}}, which a test that wants no broker (or
 * another one) overrides as usual.
 */
public class EmbeddedKafkaInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The property that holds the shared broker's address (spring-kafka-test's own name for it). */
    public static final String BROKERS_PROPERTY = "spring.embedded.kafka.brokers";

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
        TestPropertyValues.of(BROKERS_PROPERTY + "=" + bootstrapServers()).applyTo(context.getEnvironment());
    }
}
