package dev.payments.edge.flood;

import dev.payments.edge.EdgeApplication;
import dev.payments.edge.web.RateLimitProperties;
import dev.payments.schemas.Topics;
import dev.payments.testsupport.EmbeddedPostgres;
import dev.payments.testsupport.KafkaRecords;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Prints what the per-client rate limit does under a flood: the edge runs in this JVM with its default rate limits
 * ({@code RateLimitProperties}) on a real KRaft broker and PostgreSQL; a genuine client sends signed webhooks and success redirects
 * at 20 per second, first alone, then while a second client floods forged ones from 8 threads.
 *
 * <pre>
 * ./mvnw -B -pl api-edge -am install -DskipTests
 * ./mvnw -B -q -pl api-edge test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.payments.edge.flood.FloodFigures [-Dexec.args="200 8"]
 * </pre>
 *
 * Arguments: genuine requests per run (default 200), flooding threads (default 8).
 */
public final class FloodFigures {

    private static final String SECRET = "whsec_flood-figures";

    private FloodFigures() {}

    public static void main(String[] args) throws Exception {
        int genuine = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        var broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.ORDER_EVENTS);
        broker.afterPropertiesSet();
        // command-line arguments: they take precedence over api-edge.yml (builder properties would not)
        try (ConfigurableApplicationContext edge = EdgeApplication.builder()
                .run(
                        "--server.port=0",
                        // the local secrets of api-edge-local.yml
                        "--spring.profiles.active=local",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.datasource.url=" + EmbeddedPostgres.jdbcUrl(),
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--payments.pg.webhook-secret=" + SECRET,
                        "--logging.level.root=WARN")) {
            int port = Integer.parseInt(edge.getEnvironment().getRequiredProperty("local.server.port"));
            var run = new FloodRun(port, SECRET);
            run.run(20, Duration.ofMillis(10), 0); // warm-up: JIT, connections, producer metadata
            FloodRun.Figures quiet = run.run(genuine, Duration.ofMillis(50), 0);
            FloodRun.Figures flood = run.run(genuine, Duration.ofMillis(50), threads);
            Set<String> inKafka = KafkaRecords.readAll(broker.getBrokersAsString(), Topics.ORDER_EVENTS).stream()
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
            long floodWritten =
                    inKafka.stream().filter(k -> k.startsWith("flood-")).count();

            var limits = edge.getBean(RateLimitProperties.class);
            System.out.printf(
                    Locale.ROOT,
                    "rate limit per client: webhooks %d burst / %d per s, redirects %d burst / %d per s%n",
                    limits.webhooks().capacity(),
                    limits.webhooks().refillPerSecond(),
                    limits.redirects().capacity(),
                    limits.redirects().refillPerSecond());
            System.out.printf(
                    Locale.ROOT,
                    "genuine client: %d requests at 20/s, half signed webhooks, half success redirects%n",
                    genuine);
            System.out.printf(Locale.ROOT, "%-32s %12s %12s%n", "", "no flood", "flood");
            row(
                    "genuine accepted (200/303)",
                    percent(quiet.genuineAcceptedPercent()),
                    percent(flood.genuineAcceptedPercent()));
            row(
                    "genuine in Kafka",
                    count(
                            quiet.genuineOrderIds().stream()
                                    .filter(inKafka::contains)
                                    .count(),
                            quiet.genuineSent()),
                    count(
                            flood.genuineOrderIds().stream()
                                    .filter(inKafka::contains)
                                    .count(),
                            flood.genuineSent()));
            row("genuine latency p50", millis(quiet.p50Micros()), millis(flood.p50Micros()));
            row("genuine latency p99", millis(quiet.p99Micros()), millis(flood.p99Micros()));
            row("genuine latency max", millis(quiet.maxMicros()), millis(flood.maxMicros()));
            row("flood requests", "-", Long.toString(flood.floodSent()));
            row("flood requests/s absorbed", "-", String.format(Locale.ROOT, "%.0f", flood.floodPerSecond()));
            row("flood answered 429", "-", percent(flood.flood429Percent()));
            row("flood answers by status", "-", flood.floodStatuses().toString());
            row("flood records in Kafka", "-", Long.toString(floodWritten));
        } finally {
            broker.destroy();
        }
    }

    private static void row(String name, String quiet, String flood) {
        System.out.printf(Locale.ROOT, "%-32s %12s %12s%n", name, quiet, flood);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value);
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static String count(long count, int of) {
        return count + "/" + of;
    }
}
