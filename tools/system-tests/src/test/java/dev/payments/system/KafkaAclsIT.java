package dev.payments.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.Topics;
import dev.payments.testsupport.KraftBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import kafka.admin.ConfigCommand;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.AclCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * docker compose's Kafka security, proven on a real broker: spring-kafka-test's embedded KRaft broker started with
 * the compose broker's own settings (its {@code KAFKA_*} variables as the apache/kafka image turns them into server
 * properties, every listener on localhost), the SCRAM credentials and ACLs that compose's kafka-setup service creates
 * (its script deploy/kafka/setup-security.sh is run as compose runs it, and each Kafka command it issues is executed by
 * Kafka's own command classes against this broker), and clients configured from the services' own compose variables.
 * The shop principal may write {@code payments.order-events} and read the completions, and is refused
 * ({@link TopicAuthorizationException}) on {@code payments.completions} and on the dead-letter topic; only the worker
 * writes those.
 */
class KafkaAclsIT {

    /** Kafka's command-line tools the setup script calls, by script name, run here in this JVM. */
    private static final Map<String, CommandLine> COMMANDS =
            Map.of("kafka-configs.sh", ConfigCommand::main, "kafka-acls.sh", AclCommand::main);

    /** A stand-in for each tool: it records its arguments (tab-separated) and its admin client settings. */
    private static final String RECORDING_TOOL = """
            #!/usr/bin/env bash
            arguments=("$@")
            for ((i = 0; i < ${#arguments[@]}; i++)); do
              if [[ "${arguments[i]}" == --command-config ]]; then cp "${arguments[i + 1]}" "$RECORD.properties"; fi
            done
            { printf '%s' "$(basename "$0")"; printf '\\t%s' "$@"; printf '\\n'; } >> "$RECORD"
            """;

    private static ComposeFile compose;
    private static EmbeddedKafkaBroker broker;
    /** The services' listener (compose's broker:29092). */
    private static String internal;

    @BeforeAll
    static void startComposesBrokerAndRunItsSetup(@TempDir Path work) throws Exception {
        compose = ComposeFile.read();
        String previous = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
        broker = KraftBroker.start(1, brokerProperties(compose.environment("broker")));
        // the broker publishes its address for @EmbeddedKafka tests; this one is for this class only
        if (previous == null) {
            System.clearProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
        } else {
            System.setProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS, previous);
        }
        internal = address("INTERNAL");
        runSetup(work);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void theSetupCreatedEveryAclOfTheTable() throws Exception {
        long expected = Files.readAllLines(compose.root().resolve("deploy/kafka/acls.txt")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .mapToLong(line -> line.split("\\s+")[4].split(",").length)
                .sum();
        try (Admin admin = Admin.create(adminLogin())) {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS))
                    .hasSize((int) expected);
        }
    }

    @Test
    void theShopWritesOrderEventsAndReadsCompletionsButWritesNeitherCompletionsNorDeadLetters() {
        try (KafkaProducer<String, String> shop = producer(shopLogin());
                KafkaProducer<String, String> worker = producer(serviceLogin("worker"))) {
            assertThatCode(() -> send(shop, Topics.ORDER_EVENTS, "shop-order-1"))
                    .as("the shop writes payments.order-events")
                    .doesNotThrowAnyException();
            assertRefused(() -> send(shop, Topics.COMPLETIONS, "shop-order-1"));
            assertRefused(() -> send(shop, Topics.ORDER_EVENTS_DLT, "shop-order-1"));

            assertThatCode(() -> send(worker, Topics.COMPLETIONS, "shop-order-1"))
                    .as("the worker writes payments.completions")
                    .doesNotThrowAnyException();
            assertThatCode(() -> send(worker, Topics.ORDER_EVENTS_DLT, "shop-order-1"))
                    .as("the worker writes the dead-letter topic")
                    .doesNotThrowAnyException();
        }
        Map<String, Object> reader = new HashMap<>(shopLogin());
        reader.put(ConsumerConfig.GROUP_ID_CONFIG, "shop-fulfilment");
        reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> shop =
                new KafkaConsumer<>(reader, new StringDeserializer(), new StringDeserializer())) {
            shop.subscribe(List.of(Topics.COMPLETIONS));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> keys(shop.poll(Duration.ofMillis(200))).contains("shop-order-1"));
        }
    }

    @Test
    void theEdgeWritesOrderEventsOnly() {
        try (KafkaProducer<String, String> edge = producer(serviceLogin("api-edge"))) {
            assertThatCode(() -> send(edge, Topics.ORDER_EVENTS, "edge-order-1"))
                    .as("the edge writes payments.order-events")
                    .doesNotThrowAnyException();
            assertRefused(() -> send(edge, Topics.COMPLETIONS, "edge-order-1"));
            assertRefused(() -> send(edge, Topics.ORDER_EVENTS_DLT, "edge-order-1"));
        }
    }

    /** The worker's own consumer settings (its worker.yml group, under compose's login) read its topic. */
    @Test
    void theWorkerReadsOrderEventsInItsGroup() throws Exception {
        try (KafkaProducer<String, String> edge = producer(serviceLogin("api-edge"))) {
            send(edge, Topics.ORDER_EVENTS, "worker-order-1");
        }
        Map<String, Object> reader = serviceLogin("worker");
        reader.putAll(compose.kafkaProperties("worker").buildConsumerProperties());
        reader.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, internal);
        assertThat(reader).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "payments-worker");
        try (KafkaConsumer<String, String> worker =
                new KafkaConsumer<>(reader, new StringDeserializer(), new StringDeserializer())) {
            worker.subscribe(List.of(Topics.ORDER_EVENTS));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> keys(worker.poll(Duration.ofMillis(200))).contains("worker-order-1"));
        }
    }

    /**
     * The compose broker's settings: each {@code KAFKA_A_B___C} variable is the property {@code a.b-c} ({@code __} is
     * {@code _}), as the apache/kafka image writes its server.properties. The node's identity, quorum and addresses are
     * the test kit's: every listener on localhost, on a port of its own.
     */
    private static Map<String, String> brokerProperties(Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<>();
        environment.forEach((variable, value) -> {
            if (variable.startsWith("KAFKA_")) {
                properties.put(
                        variable.substring("KAFKA_".length())
                                .replace("___", "-")
                                .replace("__", "\0")
                                .replace('_', '.')
                                .replace('\0', '_')
                                .toLowerCase(Locale.ROOT),
                        value);
            }
        });
        properties.put(
                "listeners",
                Arrays.stream(properties.get("listeners").split(","))
                        .map(listener -> listener.substring(0, listener.indexOf("://")) + "://localhost:0")
                        .collect(Collectors.joining(",")));
        properties.keySet().removeAll(Set.of("advertised.listeners", "controller.quorum.voters", "node.id"));
        assertThat(properties)
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "false");
        return properties;
    }

    /**
     * Runs deploy/kafka/setup-security.sh as compose's kafka-setup service does (its environment), with recording
     * stand-ins for Kafka's tools, then runs every recorded command with Kafka's own command classes against this
     * broker's BROKER listener, with the admin settings the script wrote.
     */
    private static void runSetup(Path work) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        for (String tool : COMMANDS.keySet()) {
            Files.writeString(bin.resolve(tool), RECORDING_TOOL);
            assertThat(bin.resolve(tool).toFile().setExecutable(true)).isTrue();
        }
        Path record = work.resolve("commands.tsv");
        ProcessBuilder setup = new ProcessBuilder(
                        "bash",
                        compose.root().resolve("deploy/kafka/setup-security.sh").toString())
                .redirectErrorStream(true);
        setup.environment().putAll(compose.environment("kafka-setup"));
        setup.environment().put("KAFKA_BIN", bin.toString());
        setup.environment().put("RECORD", record.toString());
        Process process = setup.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        String adminListener = address("BROKER");
        Path adminSettings = Path.of(record + ".properties");
        // a command that fails calls Exit.exit: make that a failure of this test, not a log line
        Exit.setExitProcedure((status, message) -> {
            throw new AssertionError("Kafka command exited " + status + ": " + message);
        });
        try {
            for (String line : Files.readAllLines(record)) {
                List<String> words = List.of(line.split("\t"));
                List<String> arguments = new ArrayList<>(words.subList(1, words.size()));
                arguments.set(arguments.indexOf("--bootstrap-server") + 1, adminListener);
                arguments.set(arguments.indexOf("--command-config") + 1, adminSettings.toString());
                COMMANDS.get(words.getFirst()).run(arguments.toArray(String[]::new));
            }
        } finally {
            Exit.setExitProcedure((status, message) -> {});
        }
        // the worker creates its topics, as it does at start-up: the Create of its ACLs
        try (Admin worker = Admin.create(serviceLogin("worker"))) {
            worker.createTopics(List.of(
                            new NewTopic(Topics.ORDER_EVENTS, 1, (short) 1),
                            new NewTopic(Topics.COMPLETIONS, 1, (short) 1),
                            new NewTopic(Topics.ORDER_EVENTS_DLT, 1, (short) 1)))
                    .all()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the worker could not create its topics", e);
        }
    }

    /** A service's Kafka login as compose gives it (its admin settings: bootstrap, security, SASL), on this broker. */
    private static Map<String, Object> serviceLogin(String service) {
        Map<String, Object> login =
                new HashMap<>(compose.kafkaProperties(service).buildAdminProperties());
        login.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, internal);
        return login;
    }

    /** A shop's producer or consumer: the services' security settings, with compose's shop login. */
    private static Map<String, Object> shopLogin() {
        Map<String, Object> login = serviceLogin("worker");
        login.put("sasl.jaas.config", compose.environment("kafka-setup").get("SHOP_JAAS"));
        assertThat((String) login.get("sasl.jaas.config")).contains("username=\"shop\"");
        return login;
    }

    /** The admin's login, as the script's admin settings: PLAIN on the BROKER listener. */
    private static Map<String, Object> adminLogin() {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                address("BROKER"),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                compose.environment("kafka-setup").get("ADMIN_JAAS"));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, "{}")).get(10, TimeUnit.SECONDS);
    }

    private static void assertRefused(ThrowingSend send) {
        Throwable refusal = null;
        try {
            send.run();
        } catch (Exception e) {
            refusal = e;
            while (!(refusal instanceof TopicAuthorizationException) && refusal.getCause() != null) {
                refusal = refusal.getCause();
            }
        }
        assertThat(refusal).isInstanceOf(TopicAuthorizationException.class);
    }

    private static List<String> keys(ConsumerRecords<String, String> records) {
        return StreamSupport.stream(records.spliterator(), false)
                .map(record -> record.key())
                .toList();
    }

    private static String address(String listener) {
        var server = ((EmbeddedKafkaKraftBroker) broker)
                .getCluster()
                .brokers()
                .values()
                .iterator()
                .next();
        return "localhost:" + server.socketServer().boundPort(ListenerName.normalised(listener));
    }

    @FunctionalInterface
    private interface CommandLine {
        void run(String[] arguments);
    }

    @FunctionalInterface
    private interface ThrowingSend {
        void run() throws Exception;
    }
}
