package dev.payments.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/** A producer factory aimed at a local port nobody listens on: every send fails after {@code maxBlock}. */
public final class UnreachableKafka {

    private UnreachableKafka() {}

    /** The caller destroys the factory when done. */
    public static DefaultKafkaProducerFactory<String, byte[]> producerFactory(Duration maxBlock) {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DefaultKafkaProducerFactory<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "127.0.0.1:" + closedPort,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (int) maxBlock.toMillis()),
                new StringSerializer(),
                new ByteArraySerializer());
    }
}
