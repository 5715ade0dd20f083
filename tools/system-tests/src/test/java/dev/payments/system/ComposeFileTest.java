package dev.payments.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeApplication;
import dev.payments.sandbox.SandboxApplication;
import dev.payments.shop.ShopApplication;
import dev.payments.worker.WorkerApplication;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * docker-compose.yml configures the services only by environment variables (docs/contract.md §6), and a misspelt variable is
 * silently ignored by Spring. So every variable a service gets must bind, by Spring's relaxed binding (upper case,
 * {@code _} for {@code .}, {@code -} removed or {@code _}), to a property the service declares: in its own
 * {@code <module>.yml}, as a component of one of its {@code @ConfigurationProperties} records, as a property of the
 * Spring Boot settings it uses ({@code spring.kafka.*}, {@code spring.flyway.*}), or an entry of a map-valued property;
 * and every variable of docs/contract.md §6 the service needs is present. The services log in to PostgreSQL and Kafka
 * as their own least-privileged users (deploy/postgres, deploy/kafka). Starts nothing.
 */
class ComposeFileTest {

    private static final List<String> APP_SERVICES = List.of("api-edge", "worker", "pg-sandbox", "demo-shop");

    /** Each service's application class: its package holds the service's {@code @ConfigurationProperties}. */
    private static final Map<String, Class<?>> APPLICATIONS = Map.of(
            "api-edge", EdgeApplication.class,
            "worker", WorkerApplication.class,
            "pg-sandbox", SandboxApplication.class,
            "demo-shop", ShopApplication.class);

    /** Spring Boot's own settings each service uses, by prefix: compose may set their properties too. */
    private static final Map<String, Map<String, Class<?>>> BOOT_PROPERTIES = Map.of(
            "api-edge", Map.of("spring.kafka", KafkaProperties.class),
            "worker", Map.of("spring.kafka", KafkaProperties.class, "spring.flyway", FlywayProperties.class),
            "pg-sandbox", Map.of(),
            "demo-shop", Map.of());

    /** How a service logs in to Kafka (docs/operations.md, "Kafka principals and ACLs"). */
    private static final Set<String> KAFKA_LOGIN = Set.of(
            "SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL",
            "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");

    /** The docs/contract.md §6 (and tools/pg-sandbox/README.md) variables each service needs in the compose stack. */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "api-edge",
            Set.of(
                    "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                    "SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL",
                    "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                    "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                    "SPRING_DATASOURCE_URL",
                    "SPRING_DATASOURCE_USERNAME",
                    "SPRING_DATASOURCE_PASSWORD",
                    "PAYMENTS_MERCHANT_API_KEY",
                    "PAYMENTS_TOKEN_SECRET",
                    "PAYMENTS_EDGE_PUBLIC_URL",
                    "PAYMENTS_ORDER_TTL",
                    "PAYMENTS_PG_CLIENT_KEY",
                    "PAYMENTS_EDGE_SHOP_URL"),
            "worker",
            Set.of(
                    "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                    "SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL",
                    "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                    "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                    "SPRING_DATASOURCE_URL",
                    "SPRING_DATASOURCE_USERNAME",
                    "SPRING_DATASOURCE_PASSWORD",
                    "SPRING_FLYWAY_USER",
                    "SPRING_FLYWAY_PASSWORD",
                    "PAYMENTS_PARK_TTL",
                    "PAYMENTS_TOPICS_PARTITIONS",
                    "PAYMENTS_PG_BASE_URL",
                    "PAYMENTS_PG_SECRET_KEY"),
            "pg-sandbox",
            Set.of(
                    "PAYMENTS_SANDBOX_SECRET_KEY",
                    "PAYMENTS_SANDBOX_CLIENT_KEY",
                    "PAYMENTS_SANDBOX_PUBLIC_URL",
                    "PAYMENTS_SANDBOX_WEBHOOK_URL"),
            "demo-shop",
            Set.of("PAYMENTS_SHOP_EDGE_URL", "PAYMENTS_SHOP_MERCHANT_KEY", "PAYMENTS_SHOP_PG_SCRIPT_URL"));

    /** The users deploy/postgres/init-roles.sql creates: {@code ('name', 'password', 'group' or NULL)}. */
    private static final Pattern DATABASE_LOGIN = Pattern.compile("\\('(\\w+)', '([^']*)', (?:NULL|'(\\w+)')\\)");

    private static ComposeFile compose;
    private static Path root;
    private static Map<String, Object> services;

    @BeforeAll
    static void readComposeFile() {
        compose = ComposeFile.read();
        root = compose.root();
        services = compose.services();
        assertThat(services)
                .as("compose services")
                .containsKeys("broker", "kafka-setup", "postgres", "api-edge", "worker", "pg-sandbox", "demo-shop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-edge", "worker", "pg-sandbox", "demo-shop"})
    void everyEnvironmentVariableBindsToAPropertyTheServiceDeclares(String service) throws IOException {
        Path defaults = moduleDirectory(service).resolve("src/main/resources").resolve(service + ".yml");
        Map<String, Boolean> declared = new TreeMap<>(); // environment form -> is a map-valued property
        flatten("", load(defaults), declared);
        configurationProperties(APPLICATIONS.get(service))
                .forEach((prefix, type) -> components(prefix, type, declared));
        BOOT_PROPERTIES.get(service).forEach((prefix, type) -> beanProperties(prefix, type, declared));
        // Spring Boot's own: a local stack may run the 'local' profile (docs/configuration.md)
        environmentForms("spring.profiles.active").forEach(form -> declared.put(form, false));

        Map<String, String> env = environment(service);
        assertThat(env.keySet())
                .as("%s: the docs/contract.md §6 variables it needs", service)
                .containsAll(REQUIRED.get(service));
        Set<String> unbound = new TreeSet<>();
        for (String variable : env.keySet()) {
            assertThat(variable)
                    .as("%s: configured only by Spring / payments variables", service)
                    .matches("(SPRING|PAYMENTS|SERVER|MANAGEMENT|LOGGING)_[A-Z0-9_]+");
            if (!binds(variable, declared)) {
                unbound.add(variable);
            }
        }
        assertThat(unbound)
                .as("%s: variables that bind to no property of %s or its records", service, defaults)
                .isEmpty();
    }

    /**
     * Maven reads every module's pom in the reactor: an image build breaks when a new module's pom is not copied, and a
     * service cannot build when its sources (or a module it needs) are not. The module list comes from the root pom.
     */
    @Test
    void theDockerfileCopiesThePomAndSourcesOfEveryModule() throws IOException {
        List<String> modules = reactorModules();
        assertThat(modules).contains("api-edge", "worker", "tools/pg-sandbox");
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        for (String module : modules) {
            assertThat(dockerfile)
                    .as("Dockerfile copies %s/pom.xml", module)
                    .contains("COPY " + module + "/pom.xml " + module + "/");
            if (Files.isDirectory(root.resolve(module).resolve("src"))) {
                assertThat(dockerfile)
                        .as("Dockerfile copies %s/src/", module)
                        .contains("COPY " + module + "/src/ " + module + "/src/");
            }
        }
        assertThat(root.resolve("api-edge/Dockerfile"))
                .as("one Dockerfile for all services")
                .doesNotExist();
    }

    /**
     * Each service builds from the root Dockerfile with a MODULE that is a reactor module packaging an executable jar
     * (the repackage goal of spring-boot-maven-plugin, classifier exec), and a PORT that is the service's own
     * {@code server.port} (EXPOSE and the health check use it).
     */
    @ParameterizedTest
    @ValueSource(strings = {"api-edge", "worker", "pg-sandbox", "demo-shop"})
    void eachServiceBuildsItsOwnModuleFromTheRootDockerfile(String service) throws IOException {
        Map<String, Object> build = map(map(services.get(service)).get("build"));
        assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "Dockerfile");
        Map<String, Object> args = map(build.get("args"));
        String module = String.valueOf(args.get("MODULE"));
        Path directory = moduleDirectory(module);
        assertThat(Files.readString(directory.resolve("pom.xml")))
                .as("%s: %s packages an executable jar", service, module)
                .contains("<artifactId>spring-boot-maven-plugin</artifactId>");
        assertThat(Files.readString(root.resolve("pom.xml")))
                .as("the executable jar's classifier the Dockerfile looks for")
                .contains("<classifier>exec</classifier>");
        Map<String, Object> defaults =
                load(directory.resolve("src/main/resources").resolve(module + ".yml"));
        Object serverPort = map(defaults.get("server")).get("port");
        assertThat(String.valueOf(args.get("PORT")))
                .as("%s: PORT is the service's server.port", service)
                .isEqualTo(String.valueOf(serverPort));
    }

    private static Path moduleDirectory(String artifactId) {
        return compose.module(artifactId);
    }

    private static List<String> reactorModules() {
        return compose.reactorModules();
    }

    @Test
    void servicesAgreeOnSecretsKeysAndAddresses() {
        Map<String, String> edge = environment("api-edge");
        Map<String, String> worker = environment("worker");
        Map<String, String> sandbox = environment("pg-sandbox");

        // the sandbox sends its webhooks unsigned, as Toss does; set to sign them (a PG that signs), it signs with the
        // secret the edge verifies with
        if (Boolean.parseBoolean(sandbox.get("PAYMENTS_SANDBOX_SIGN_WEBHOOKS"))) {
            assertThat(sandbox.get("PAYMENTS_SANDBOX_WEBHOOK_SECRET"))
                    .as("the sandbox signs its webhooks")
                    .isNotBlank()
                    .isEqualTo(edge.get("PAYMENTS_PG_WEBHOOK_SECRET"));
        }
        // the worker holds only the secrets it uses: never the edge's webhook secret or the buyer-facing client key
        assertThat(worker).doesNotContainKeys("PAYMENTS_PG_WEBHOOK_SECRET", "PAYMENTS_PG_CLIENT_KEY");
        assertThat(worker.get("PAYMENTS_PG_SECRET_KEY")).isEqualTo(sandbox.get("PAYMENTS_SANDBOX_SECRET_KEY"));
        assertThat(edge.get("PAYMENTS_PG_CLIENT_KEY")).isEqualTo(sandbox.get("PAYMENTS_SANDBOX_CLIENT_KEY"));

        assertThat(sandbox.get("PAYMENTS_SANDBOX_WEBHOOK_URL")).isEqualTo("http://api-edge:8080/pg/webhooks");
        assertThat(worker.get("PAYMENTS_PG_BASE_URL")).isEqualTo("http://pg-sandbox:8090");
        assertThat(edge.get("SPRING_DATASOURCE_URL")).isEqualTo(worker.get("SPRING_DATASOURCE_URL"));

        Map<String, String> shop = environment("demo-shop");
        assertThat(shop.get("PAYMENTS_SHOP_MERCHANT_KEY")).isEqualTo(edge.get("PAYMENTS_MERCHANT_API_KEY"));
        assertThat(shop.get("PAYMENTS_SHOP_EDGE_URL")).isEqualTo("http://api-edge:8080");
        assertThat(shop.get("PAYMENTS_SHOP_PG_SCRIPT_URL"))
                .as("the browser loads the PG's script where the sandbox says it is public")
                .startsWith(sandbox.get("PAYMENTS_SANDBOX_PUBLIC_URL"));

        Map<String, String> kafka = environment("broker");
        String internal = kafka.get("KAFKA_ADVERTISED_LISTENERS").split(",")[0];
        assertThat(internal)
                .as("first advertised listener is the containers' one")
                .startsWith("INTERNAL://");
        String internalAddress = internal.substring("INTERNAL://".length());
        assertThat(edge.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(internalAddress);
        assertThat(worker.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(internalAddress);
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("EXTERNAL://localhost:9092");
    }

    /**
     * A service waits for its dependencies to be healthy, or, for the one-shot kafka-setup (Kafka's principals and
     * ACLs), to have finished successfully: a Kafka client started before it would be refused its login.
     */
    @Test
    void workerScalesAndEveryServiceWaitsForHealthyDependencies() {
        Map<String, Object> worker = map(services.get("worker"));
        assertThat(worker).as("worker: scalable").doesNotContainKeys("container_name", "ports");
        for (String service : APP_SERVICES) {
            assertThat(map(services.get(service))).as(service).doesNotContainKey("container_name");
            Object dependsOn = map(services.get(service)).get("depends_on");
            if (dependsOn != null) {
                map(dependsOn).forEach((dependency, condition) -> assertThat(map(condition))
                        .as("%s depends on %s", service, dependency)
                        .containsEntry(
                                "condition",
                                dependency.equals("kafka-setup")
                                        ? "service_completed_successfully"
                                        : "service_healthy"));
            }
        }
        for (String kafkaClient : List.of("api-edge", "worker")) {
            assertThat(map(map(services.get(kafkaClient)).get("depends_on")))
                    .as("%s starts once its Kafka login exists", kafkaClient)
                    .containsKey("kafka-setup")
                    .doesNotContainKey("broker");
        }
        assertThat(map(map(map(services.get("kafka-setup")).get("depends_on")).get("broker")))
                .containsEntry("condition", "service_healthy");
        for (String infrastructure : List.of("broker", "postgres")) {
            assertThat(map(services.get(infrastructure))).as(infrastructure).containsKey("healthcheck");
        }
    }

    /**
     * Each service logs in to Kafka as its own principal, with the very login kafka-setup creates its credential from,
     * by the mechanism the services' listener takes; and those variables reach every Kafka client the service builds
     * (producer, consumer, admin), by Spring Boot's own binding of {@code spring.kafka.properties}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"api-edge", "worker"})
    void eachServiceLogsInToKafkaAsItsOwnPrincipal(String service) {
        Map<String, String> env = environment(service);
        Map<String, String> setup = environment("kafka-setup");
        Map<String, String> broker = environment("broker");
        String principal = service.equals("api-edge") ? "edge" : service;
        String jaas = env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
        assertThat(jaas).contains("username=\"" + principal + "\"");
        assertThat(setup.get(principal.toUpperCase(Locale.ROOT) + "_JAAS"))
                .as("kafka-setup creates %s's credential from the login %s is given", principal, service)
                .isEqualTo(jaas);
        assertThat(env.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM"))
                .isEqualTo(broker.get("KAFKA_LISTENER_NAME_INTERNAL_SASL_ENABLED_MECHANISMS"));
        assertThat(broker.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"))
                .contains("INTERNAL:" + env.get("SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL"));

        KafkaProperties kafka = compose.kafkaProperties(service);
        for (Map<String, Object> client : List.of(
                kafka.buildProducerProperties(), kafka.buildConsumerProperties(), kafka.buildAdminProperties())) {
            assertThat(client)
                    .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT")
                    .containsEntry(SaslConfigs.SASL_MECHANISM, env.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM"))
                    .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, jaas);
        }
    }

    /**
     * The broker authenticates every listener and authorizes every request; kafka-setup logs in as its super user,
     * over the listener the broker itself uses.
     */
    @Test
    void theBrokerAuthenticatesEveryListenerAndAuthorizesEveryRequest() {
        Map<String, String> broker = environment("broker");
        assertThat(broker.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
                .allSatisfy(listener -> assertThat(listener).endsWith(":SASL_PLAINTEXT"));
        assertThat(broker)
                .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                .containsEntry("KAFKA_SUPER_USERS", "User:admin");
        Map<String, String> setup = environment("kafka-setup");
        assertThat(setup.get("ADMIN_JAAS")).contains("username=\"admin\"");
        assertThat(broker.get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("BROKER://" + setup.get("BOOTSTRAP"))
                .contains("EXTERNAL://localhost:9092");
        assertThat(broker.get("KAFKA_INTER_BROKER_LISTENER_NAME")).isEqualTo("BROKER");
    }

    /**
     * PostgreSQL runs deploy/postgres/init-roles.sql when its volume is created; the worker logs in as the DML-only
     * user and migrates as the owner, the edge as the SELECT-only user, each with the password the script gives it.
     */
    @Test
    void eachServiceLogsInToPostgresAsTheUserTheInitScriptCreatesForIt() throws IOException {
        assertThat(map(services.get("postgres")).get("volumes").toString())
                .contains("./deploy/postgres/init-roles.sql:/docker-entrypoint-initdb.d/");
        Map<String, String[]> logins = new HashMap<>();
        DATABASE_LOGIN
                .matcher(Files.readString(root.resolve("deploy/postgres/init-roles.sql")))
                .results()
                .forEach(login -> logins.put(login.group(1), new String[] {login.group(2), login.group(3)}));
        assertThat(logins).containsOnlyKeys("payments_owner", "payments_worker_app", "payments_edge_app");

        Map<String, String> worker = environment("worker");
        Map<String, String> edge = environment("api-edge");
        assertLogin(logins, worker.get("SPRING_DATASOURCE_USERNAME"), worker.get("SPRING_DATASOURCE_PASSWORD"))
                .isEqualTo("payments_worker");
        assertLogin(logins, worker.get("SPRING_FLYWAY_USER"), worker.get("SPRING_FLYWAY_PASSWORD"))
                .as("the worker migrates as the owner")
                .isNull();
        assertLogin(logins, edge.get("SPRING_DATASOURCE_USERNAME"), edge.get("SPRING_DATASOURCE_PASSWORD"))
                .isEqualTo("payments_edge");
        assertThat(environment("postgres").get("POSTGRES_USER"))
                .as("no service logs in as the superuser")
                .isNotIn(
                        worker.get("SPRING_DATASOURCE_USERNAME"),
                        worker.get("SPRING_FLYWAY_USER"),
                        edge.get("SPRING_DATASOURCE_USERNAME"));
    }

    /** Asserts the login's password; returns an assertion on the group it belongs to. */
    private static org.assertj.core.api.AbstractStringAssert<?> assertLogin(
            Map<String, String[]> logins, String user, String password) {
        assertThat(logins).as("users of init-roles.sql").containsKey(user);
        assertThat(password).as("%s's password in init-roles.sql", user).isEqualTo(logins.get(user)[0]);
        return assertThat(logins.get(user)[1]).as("the group %s belongs to", user);
    }

    /**
     * The environment variable names Spring's relaxed binding maps to a property: upper case, {@code _} for
     * {@code .}, and {@code -} either removed (the documented form, {@code PAYMENTS_PARKTTL}) or, as Spring also
     * accepts, replaced by {@code _} (the common form, {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}).
     */
    static Set<String> environmentForms(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return new TreeSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    private static boolean binds(String variable, Map<String, Boolean> declared) {
        if (declared.containsKey(variable)) {
            return true;
        }
        // a key of a map-valued property (e.g. PAYMENTS_SANDBOX_ERROR_STATUSES_SOME_CODE)
        return declared.entrySet().stream()
                .anyMatch(property -> property.getValue() && variable.startsWith(property.getKey() + "_"));
    }

    /** Every property of a yml file, by environment form, and whether it is an (empty) map of its own. */
    private static void flatten(String prefix, Map<String, Object> node, Map<String, Boolean> into) {
        node.forEach((key, value) -> {
            String property = prefix + key;
            boolean isMap = value instanceof Map<?, ?> child && child.isEmpty();
            environmentForms(property).forEach(form -> into.merge(form, isMap, Boolean::logicalOr));
            if (value instanceof Map<?, ?> child) {
                flatten(property + ".", map(child), into);
            }
        });
    }

    /** The service's {@code @ConfigurationProperties} classes (those its application's scan finds), by prefix. */
    private static Map<String, Class<?>> configurationProperties(Class<?> application) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, Class<?>> byPrefix = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(application.getPackageName())) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            byPrefix.put(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), type);
        }
        assertThat(byPrefix)
                .as("%s: its settings records", application.getSimpleName())
                .isNotEmpty();
        return byPrefix;
    }

    /** Every property a record declares (nested records' components too), by environment form, as in the yml. */
    private static void components(String prefix, Class<?> type, Map<String, Boolean> into) {
        for (RecordComponent component : type.getRecordComponents()) {
            String property = prefix + "." + kebabCase(component.getName());
            boolean isMap = Map.class.isAssignableFrom(component.getType());
            environmentForms(property).forEach(form -> into.merge(form, isMap, Boolean::logicalOr));
            if (component.getType().isRecord()) {
                components(property, component.getType(), into);
            }
        }
    }

    /** Every top-level property of a Spring Boot settings bean, by environment form, as in the yml. */
    private static void beanProperties(String prefix, Class<?> type, Map<String, Boolean> into) {
        try {
            for (PropertyDescriptor property :
                    Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
                boolean isMap = Map.class.isAssignableFrom(property.getPropertyType());
                environmentForms(prefix + "." + kebabCase(property.getName()))
                        .forEach(form -> into.merge(form, isMap, Boolean::logicalOr));
            }
        } catch (IntrospectionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kebabCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> environment(String service) {
        assertThat(compose.service(service).get("environment"))
                .as("%s: environment as a mapping", service)
                .isInstanceOf(Map.class);
        return compose.environment(service);
    }

    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return ComposeFile.map(value);
    }

    private static Map<String, Object> load(Path file) {
        return ComposeFile.load(file);
    }
}
