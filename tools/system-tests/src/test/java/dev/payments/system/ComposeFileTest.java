package dev.payments.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeApplication;
import dev.payments.sandbox.SandboxApplication;
import dev.payments.shop.ShopApplication;
import dev.payments.worker.WorkerApplication;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml configures the services only by environment variables (docs/contract.md §6), and a misspelt variable is
 * silently ignored by Spring. So every variable a service gets must bind, by Spring's relaxed binding (upper case,
 * {@code _} for {@code .}, {@code -} removed or {@code _}), to a property the service declares: in its own
 * {@code <module>.yml} or as a component of one of its {@code @ConfigurationProperties} records (or an entry of a
 * map-valued property), and every variable of docs/contract.md §6 the service needs is present. Starts nothing.
 */
class ComposeFileTest {

    private static final List<String> APP_SERVICES = List.of("api-edge", "worker", "pg-sandbox", "demo-shop");

    /** Each service's application class: its package holds the service's {@code @ConfigurationProperties}. */
    private static final Map<String, Class<?>> APPLICATIONS = Map.of(
            "api-edge", EdgeApplication.class,
            "worker", WorkerApplication.class,
            "pg-sandbox", SandboxApplication.class,
            "demo-shop", ShopApplication.class);

    /** The docs/contract.md §6 (and tools/pg-sandbox/README.md) variables each service needs in the compose stack. */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "api-edge",
            Set.of(
                    "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                    "SPRING_DATASOURCE_URL",
                    "SPRING_DATASOURCE_USERNAME",
                    "SPRING_DATASOURCE_PASSWORD",
                    "PAYMENTS_MERCHANT_API_KEY",
                    "PAYMENTS_TOKEN_SECRET",
                    "PAYMENTS_EDGE_PUBLIC_URL",
                    "PAYMENTS_ORDER_TTL",
                    "PAYMENTS_PG_CLIENT_KEY",
                    "PAYMENTS_PG_WEBHOOK_SECRET"),
            "worker",
            Set.of(
                    "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                    "SPRING_DATASOURCE_URL",
                    "SPRING_DATASOURCE_USERNAME",
                    "SPRING_DATASOURCE_PASSWORD",
                    "PAYMENTS_PARK_TTL",
                    "PAYMENTS_TOPICS_PARTITIONS",
                    "PAYMENTS_PG_BASE_URL",
                    "PAYMENTS_PG_SECRET_KEY"),
            "pg-sandbox",
            Set.of(
                    "PAYMENTS_SANDBOX_SECRET_KEY",
                    "PAYMENTS_SANDBOX_CLIENT_KEY",
                    "PAYMENTS_SANDBOX_PUBLIC_URL",
                    "PAYMENTS_SANDBOX_WEBHOOK_URL",
                    "PAYMENTS_SANDBOX_WEBHOOK_SECRET"),
            "demo-shop",
            Set.of("PAYMENTS_SHOP_EDGE_URL", "PAYMENTS_SHOP_MERCHANT_KEY", "PAYMENTS_SHOP_PG_WINDOW_URL"));

    /** A module's own artifactId: the first one after its parent's. */
    private static final Pattern OWN_ARTIFACT_ID = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");

    private static Path root;
    private static Map<String, Object> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = repositoryRoot();
        Map<String, Object> compose = load(root.resolve("docker-compose.yml"));
        services = map(compose.get("services"));
        assertThat(services)
                .as("compose services")
                .containsKeys("broker", "postgres", "api-edge", "worker", "pg-sandbox", "demo-shop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-edge", "worker", "pg-sandbox", "demo-shop"})
    void everyEnvironmentVariableBindsToAPropertyTheServiceDeclares(String service) throws IOException {
        Path defaults = moduleDirectory(service).resolve("src/main/resources").resolve(service + ".yml");
        Map<String, Boolean> declared = new TreeMap<>(); // environment form -> is a map-valued property
        flatten("", load(defaults), declared);
        configurationProperties(APPLICATIONS.get(service))
                .forEach((prefix, type) -> components(prefix, type, declared));
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

    /** The folder of the root pom's module whose artifactId is {@code artifactId} (e.g. tools/pg-sandbox). */
    private static Path moduleDirectory(String artifactId) throws IOException {
        for (String module : reactorModules()) {
            Matcher own = OWN_ARTIFACT_ID.matcher(
                    Files.readString(root.resolve(module).resolve("pom.xml")));
            if (own.find() && own.group(1).equals(artifactId)) {
                return root.resolve(module);
            }
        }
        throw new AssertionError(artifactId + " is not a module of the root pom");
    }

    private static List<String> reactorModules() throws IOException {
        String rootPom = Files.readString(root.resolve("pom.xml"));
        return Pattern.compile("<module>([^<]+)</module>")
                .matcher(rootPom)
                .results()
                .map(m -> m.group(1).trim())
                .toList();
    }

    @Test
    void servicesAgreeOnSecretsKeysAndAddresses() {
        Map<String, String> edge = environment("api-edge");
        Map<String, String> worker = environment("worker");
        Map<String, String> sandbox = environment("pg-sandbox");

        String webhookSecret = sandbox.get("PAYMENTS_SANDBOX_WEBHOOK_SECRET");
        assertThat(webhookSecret).as("the sandbox signs its webhooks").isNotBlank();
        assertThat(edge.get("PAYMENTS_PG_WEBHOOK_SECRET")).isEqualTo(webhookSecret);
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
        assertThat(shop.get("PAYMENTS_SHOP_PG_WINDOW_URL"))
                .as("the browser opens the window where the sandbox says it is public")
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
                        .containsEntry("condition", "service_healthy"));
            }
        }
        for (String infrastructure : List.of("broker", "postgres")) {
            assertThat(map(services.get(infrastructure))).as(infrastructure).containsKey("healthcheck");
        }
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

    private static String kebabCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> environment(String service) {
        Object environment = map(services.get(service)).get("environment");
        assertThat(environment).as("%s: environment as a mapping", service).isInstanceOf(Map.class);
        Map<String, String> env = new LinkedHashMap<>();
        map(environment).forEach((key, value) -> env.put(key, value == null ? null : String.valueOf(value)));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "docker-compose.yml not found above " + Path.of("").toAbsolutePath());
    }
}
