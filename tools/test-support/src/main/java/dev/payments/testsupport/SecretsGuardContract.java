package dev.payments.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.support.secrets.InsecureConfigurationException;
import dev.payments.support.secrets.SecretsGuard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * What a service's start-up guard does, on the service's real configuration files (docs/configuration.md): outside the
 * {@code local} profile every committed value of its local file, a missing secret, an HMAC key under 32 characters and
 * a plain-http URL to another host stop the start, naming the property and never the value; https and loopback URLs
 * and an operator's own secrets start; the {@code local} profile starts on the committed secrets with one warning.
 * Most runs hold only the service's guard: it runs before any other bean, so that is all a service does before it
 * refuses; one runs the whole service. A service's test extends this class and says what its guard checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
public abstract class SecretsGuardContract {

    private final GuardedService service;

    /**
     * @param application the service's application, as its jar starts it
     * @param guard the service's guard, as the application declares it
     * @param configName the service's {@code spring.config.name}; its local file is {@code <configName>-local.yml}
     * @param ownSettings an operator's own, valid value for every property the guard checks
     * @param requiredSecrets the secrets that must be set
     * @param hmacKeys the secrets that must also have at least 32 characters
     * @param httpsUrls the URLs that must be https or loopback
     */
    public record GuardedService(
            Supplier<SpringApplicationBuilder> application,
            Supplier<SecretsGuard> guard,
            String configName,
            Map<String, String> ownSettings,
            List<String> requiredSecrets,
            List<String> hmacKeys,
            List<String> httpsUrls) {}

    protected SecretsGuardContract(GuardedService service) {
        this.service = service;
    }

    Stream<Map.Entry<String, String>> committedLocalValues() {
        Map<String, String> committed = SecretsGuard.localValues(service.configName() + "-local.yml");
        assertThat(committed)
                .as("the local file's secrets")
                .containsKeys(service.requiredSecrets().toArray(String[]::new));
        return committed.entrySet().stream();
    }

    @ParameterizedTest
    @MethodSource("committedLocalValues")
    void refusesEachCommittedLocalSecretWithoutPrintingIt(Map.Entry<String, String> committed, CapturedOutput output) {
        assertThatThrownBy(() -> startGuardOnly(with(committed.getKey(), committed.getValue())))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining(committed.getKey() + " (")
                .hasMessageContaining("is a value committed for the 'local' profile")
                .hasMessageNotContaining(committed.getValue());
        assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain(committed.getValue());
    }

    Stream<String> requiredSecrets() {
        return service.requiredSecrets().stream();
    }

    @ParameterizedTest
    @MethodSource("requiredSecrets")
    void refusesAMissingSecret(String property) {
        Map<String, String> without = new LinkedHashMap<>(service.ownSettings());
        without.remove(property);
        assertThatThrownBy(() -> startGuardOnly(without))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining(property + " (")
                .hasMessageContaining("is not set");
    }

    Stream<String> hmacKeys() {
        return service.hmacKeys().stream();
    }

    @ParameterizedTest
    @MethodSource("hmacKeys")
    void refusesAnHmacKeyShorterThan32Characters(String property) {
        String tooShort = "a-31-character-key-of-our-own-x";
        assertThat(tooShort).hasSize(31);
        assertThatThrownBy(() -> startGuardOnly(with(property, tooShort)))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining(property + " (")
                .hasMessageContaining("is shorter than 32 characters")
                .hasMessageNotContaining(tooShort);
    }

    Stream<String> httpsUrls() {
        return service.httpsUrls().stream();
    }

    /** A compose network's address is not this host: what the URL carries would cross a network in the clear. */
    @ParameterizedTest
    @MethodSource("httpsUrls")
    void refusesAPlainHttpUrlToAnotherHost(String property) {
        for (String url : List.of("http://pay.example.com", "http://pg-sandbox:8090")) {
            assertThatThrownBy(() -> startGuardOnly(with(property, url)))
                    .isInstanceOf(InsecureConfigurationException.class)
                    .hasMessageContaining(property + " (")
                    .hasMessageContaining("must be https");
        }
    }

    /** A sandbox or test PG, or a browser, on this host. */
    @ParameterizedTest
    @ValueSource(
            strings = {"https://pay.example.com", "http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]"})
    void allowsHttpsAndPlainHttpToThisHost(String url) {
        Map<String, String> settings = new LinkedHashMap<>(service.ownSettings());
        service.httpsUrls().forEach(property -> settings.put(property, url));
        startGuardOnly(settings).close();
    }

    @Test
    void startsWithSecretsOfItsOwnAndWithoutItsUrlsSet() {
        Map<String, String> settings = new LinkedHashMap<>(service.ownSettings());
        service.httpsUrls().forEach(settings::remove);
        startGuardOnly(settings).close();
    }

    @Test
    void theLocalProfileStartsOnTheCommittedSecretsWithOneWarning(CapturedOutput output) {
        try (ConfigurableApplicationContext started =
                startGuardOnly(Map.of("spring.profiles.active", SecretsGuard.LOCAL_PROFILE))) {
            Map<String, String> committed = SecretsGuard.localValues(service.configName() + "-local.yml");
            committed.forEach((property, value) ->
                    assertThat(started.getEnvironment().getProperty(property)).isEqualTo(value));
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("Profile 'local' is active")))
                .singleElement()
                .asString()
                .contains("WARN");
    }

    /** The whole service, with nothing set: refused before it looks for Kafka or a database (neither is there). */
    @Test
    void theServiceItselfRefusesToStartOnNothingButItsFiles() {
        var refused = assertThatThrownBy(() -> service.application()
                        .get()
                        .registerShutdownHook(false)
                        .run(
                                "--server.port=0",
                                "--spring.main.banner-mode=off",
                                "--spring.kafka.bootstrap-servers=localhost:1",
                                "--spring.datasource.url=jdbc:postgresql://localhost:1/none"))
                .isInstanceOf(InsecureConfigurationException.class);
        service.requiredSecrets().forEach(property -> refused.hasMessageContaining(property + " (")
                .hasMessageContaining("is not set"));
    }

    /** A context of only the service's guard, on its configuration files and these command-line arguments. */
    protected ConfigurableApplicationContext startGuardOnly(Map<String, String> arguments) {
        return new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.name=" + service.configName())
                .initializers(context -> {
                    SecretsGuard guard = service.guard().get();
                    guard.setEnvironment(context.getEnvironment());
                    guard.setResourceLoader(context);
                    context.addBeanFactoryPostProcessor(guard);
                })
                .registerShutdownHook(false)
                .run(arguments.entrySet().stream()
                        .map(argument -> "--" + argument.getKey() + "=" + argument.getValue())
                        .toArray(String[]::new));
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}

    /** The operator's own settings, with {@code property} set to {@code value}. */
    protected Map<String, String> with(String property, String value) {
        Map<String, String> arguments = new LinkedHashMap<>(service.ownSettings());
        arguments.put(property, value);
        return arguments;
    }
}
