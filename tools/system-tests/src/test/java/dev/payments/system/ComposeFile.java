package dev.payments.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml as the tests read it, and the repository it sits in (the files it names are relative to it). */
final class ComposeFile {

    /** A module's own artifactId: the first one after its parent's. */
    private static final Pattern OWN_ARTIFACT_ID = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");

    private final Path root;
    private final Map<String, Object> services;

    private ComposeFile(Path root, Map<String, Object> services) {
        this.root = root;
        this.services = services;
    }

    static ComposeFile read() {
        Path root = repositoryRoot();
        return new ComposeFile(
                root, map(load(root.resolve("docker-compose.yml")).get("services")));
    }

    Path root() {
        return root;
    }

    Map<String, Object> services() {
        return services;
    }

    Map<String, Object> service(String name) {
        Object service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service " + name);
        }
        return map(service);
    }

    /** A service's environment (a mapping in this file), values as strings. */
    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service(service).get("environment"))
                .forEach((key, value) -> env.put(key, value == null ? null : String.valueOf(value)));
        return env;
    }

    /**
     * A service's Kafka settings as it runs in compose: its environment here over its {@code <module>.yml}, bound by
     * Spring Boot's own relaxed binding, as the service itself binds them.
     */
    KafkaProperties kafkaProperties(String service) {
        MutablePropertySources sources = new MutablePropertySources();
        // named as Spring names the process environment: only then are its variables enumerated as relaxed names,
        // which binding a map (spring.kafka.properties) needs
        sources.addLast(new SystemEnvironmentPropertySource(
                "compose-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new LinkedHashMap<>(environment(service))));
        Path defaults = module(service).resolve("src/main/resources").resolve(service + ".yml");
        try {
            new YamlPropertySourceLoader()
                    .load(defaults.toString(), new FileSystemResource(defaults))
                    .forEach(sources::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("spring.kafka", KafkaProperties.class);
    }

    /** The folder of the root pom's module whose artifactId is {@code artifactId} (e.g. tools/pg-sandbox). */
    Path module(String artifactId) {
        for (String module : reactorModules()) {
            Matcher own = OWN_ARTIFACT_ID.matcher(read(root.resolve(module).resolve("pom.xml")));
            if (own.find() && own.group(1).equals(artifactId)) {
                return root.resolve(module);
            }
        }
        throw new IllegalArgumentException(artifactId + " is not a module of the root pom");
    }

    /** The modules the root pom lists. */
    List<String> reactorModules() {
        return Pattern.compile("<module>([^<]+)</module>")
                .matcher(read(root.resolve("pom.xml")))
                .results()
                .map(m -> m.group(1).trim())
                .toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> load(Path yaml) {
        try (Reader reader = Files.newBufferedReader(yaml)) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
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
