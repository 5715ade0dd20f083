package dev.payments.support.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Outside the {@value #LOCAL_PROFILE} profile, refuses to start the service when a secret it uses is missing, is a
 * value committed to the repository for the local profile, or (an HMAC key) is shorter than
 * {@value #MIN_HMAC_KEY_LENGTH} characters, or when a URL it hands out or sends its PG key to is plain http to
 * another host than this one (docs/contract.md §6). The refusal names each property, never its value.
 *
 * <p>Declare it as a {@code static @Bean}: as a bean factory post-processor it runs before any bean is created, so
 * nothing connects, migrates or serves first. The committed local values are read from the services' local files
 * ({@link #LOCAL_FILES}), where they are written once; every value in those files counts.
 */
public final class SecretsGuard
        implements BeanFactoryPostProcessor, EnvironmentAware, ResourceLoaderAware, PriorityOrdered {

    /** The one profile that allows the committed local values: the launcher, the tests, a developer's machine. */
    public static final String LOCAL_PROFILE = "local";

    public static final int MIN_HMAC_KEY_LENGTH = 32;

    /** The services' profile-specific files for {@value #LOCAL_PROFILE}: the only place local secrets are written. */
    static final List<String> LOCAL_FILES = List.of("api-edge-local.yml", "worker-local.yml");

    private static final Logger log = LoggerFactory.getLogger(SecretsGuard.class);

    /** 127.0.0.0/8 as a dotted quad; names are never resolved, so nothing else is taken for this host. */
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile(
            "127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    private final List<Secret> secrets;
    private final List<String> httpsUrls;
    private final List<String> localFiles;
    private Environment environment;
    private ResourceLoader resourceLoader = new DefaultResourceLoader();

    /**
     * @param secrets the secrets this service uses
     * @param httpsUrls URL properties that must be https, or http to a loopback address (an unset one keeps its
     *     record's default, which is a loopback address)
     */
    public SecretsGuard(List<Secret> secrets, List<String> httpsUrls) {
        this(secrets, httpsUrls, LOCAL_FILES);
    }

    SecretsGuard(List<Secret> secrets, List<String> httpsUrls, List<String> localFiles) {
        this.secrets = List.copyOf(secrets);
        this.httpsUrls = List.copyOf(httpsUrls);
        this.localFiles = List.copyOf(localFiles);
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE))) {
            log.warn(
                    "Profile '{}' is active: committed local secrets and plain-http URLs are accepted."
                            + " Never run it outside a developer machine or a test.",
                    LOCAL_PROFILE);
            return;
        }
        List<String> problems = problems(Binder.get(environment));
        if (!problems.isEmpty()) {
            throw new InsecureConfigurationException(problems);
        }
    }

    private List<String> problems(Binder binder) {
        Set<String> committed = committedLocalValues();
        List<String> problems = new ArrayList<>();
        for (Secret secret : secrets) {
            String value = binder.bind(secret.property(), String.class).orElse("");
            String name = Secret.describe(secret.property());
            if (value.isBlank()) {
                if (secret.kind() != Secret.Kind.WHEN_SET) {
                    problems.add(name + " is not set");
                }
            } else if (committed.contains(value) || committed.contains(value.strip())) {
                problems.add(name + " is a value committed for the '" + LOCAL_PROFILE + "' profile");
            } else if (secret.kind() == Secret.Kind.HMAC_KEY && value.length() < MIN_HMAC_KEY_LENGTH) {
                problems.add(name + " is shorter than " + MIN_HMAC_KEY_LENGTH + " characters");
            }
        }
        for (String property : httpsUrls) {
            String url = binder.bind(property, String.class).orElse("").strip();
            if (url.isEmpty()) {
                continue;
            }
            plainHttpElsewhere(url)
                    .ifPresent(where -> problems.add(Secret.describe(property)
                            + " must be https, or http to a loopback address; it is " + where));
        }
        return problems;
    }

    /** Empty when {@code url} is https or http to a loopback address; else its scheme and host, for the message. */
    private static Optional<String> plainHttpElsewhere(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && loopback(uri.getHost()))) {
            return Optional.empty();
        }
        // scheme and host only: a URL may carry credentials in its user part
        return Optional.of(scheme + "://" + (uri.getHost() == null ? "" : uri.getHost()));
    }

    /** localhost, 127.0.0.0/8 or ::1, read from the literal only: a name is never looked up. */
    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || LOOPBACK_IPV4.matcher(h).matches()) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            try {
                // an IPv6 literal is parsed, never resolved (an invalid one throws)
                return InetAddress.getByName(h.substring(1, h.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private Set<String> committedLocalValues() {
        Set<String> values = new HashSet<>();
        for (String file : localFiles) {
            localValues(resourceLoader, file).values().stream()
                    .filter(value -> !value.isBlank())
                    .forEach(values::add);
        }
        return values;
    }

    /**
     * What a local file on the classpath sets, by property name (empty when the file is not there): for tests and
     * tools that need a committed local value without writing it again.
     */
    public static Map<String, String> localValues(String file) {
        return localValues(new DefaultResourceLoader(SecretsGuard.class.getClassLoader()), file);
    }

    private static Map<String, String> localValues(ResourceLoader resourceLoader, String file) {
        Resource resource = resourceLoader.getResource("classpath:" + file);
        if (!resource.exists()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(file, resource)) {
                if (source instanceof EnumerablePropertySource<?> properties) {
                    for (String name : properties.getPropertyNames()) {
                        values.put(name, String.valueOf(properties.getProperty(name)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return values;
    }
}
