package dev.payments.faults.stack;

import dev.payments.launcher.LocalKafka;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process that is one single-node KRaft broker ({@link LocalKafka}): {@code KafkaNode <data dir> <port> <controller
 * port>}. Its log stays in {@code <data dir>/kafka}, so a restarted node finds every record again. SIGTERM shuts the
 * broker down cleanly; SIGKILL is a crash.
 */
public final class KafkaNode {

    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);

    private KafkaNode() {}

    public static void main(String[] args) throws Exception {
        LocalKafka kafka = LocalKafka.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            kafka.close();
                            stopped.countDown();
                        },
                        "kafka-node-stop"));
        log.info("Kafka ready on {}", kafka.bootstrapServers());
        stopped.await();
    }
}
