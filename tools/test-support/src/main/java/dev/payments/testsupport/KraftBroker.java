package dev.payments.testsupport;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * spring-kafka-test's embedded KRaft broker, started by the test itself (not by {@code @EmbeddedKafka}), for a test
 * JVM that runs whole systems: one broker per system under test, shared by every test class that uses that system.
 *
 * <p>Its address is read from Kafka's test kit directly: spring-kafka-test 4.1 reads it through a test-kit method that
 * Kafka 4.3 removed, and this way the same broker runs on the Kafka 4.2 and 4.3 test kits.
 */
public final class KraftBroker extends EmbeddedKafkaKraftBroker {

    private KraftBroker(int partitions) {
        super(1, partitions);
    }

    /** A started single-node broker whose topics get {@code partitions} partitions, with these broker properties. */
    public static EmbeddedKafkaBroker start(int partitions, Map<String, String> properties) {
        KraftBroker broker = new KraftBroker(partitions);
        broker.brokerProperties(properties);
        broker.afterPropertiesSet();
        return broker;
    }

    @Override
    public String getBrokersAsString() {
        return getCluster().bootstrapServers();
    }
}
