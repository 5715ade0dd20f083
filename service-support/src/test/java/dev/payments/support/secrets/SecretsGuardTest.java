package dev.payments.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The guard on a context that holds nothing else, with a service of two required secrets (one an HMAC key), an
 * optional one and a public URL, whose committed local values are in guard-test-local.yml.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsGuardTest {

    static final String MERCHANT_KEY = "payments.merchant-api-key";
    static final String TOKEN_SECRET = "payments.token-secret";
    static final String WEBHOOK_SECRET = "payments.pg.webhook-secret";
    static final String PUBLIC_URL = "payments.edge.public-url";
    static final String OWN_MERCHANT_KEY = "merchant-key-from-the-secret-store";
    static final String OWN_TOKEN_SECRET = "0123456789abcdef0123456789abcdef";

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(SecretsGuard.class, SecretsGuardTest::guard)
            .withPropertyValues(MERCHANT_KEY + "=" + OWN_MERCHANT_KEY, TOKEN_SECRET + "=" + OWN_TOKEN_SECRET);

    static SecretsGuard guard() {
        return new SecretsGuard(
                List.of(Secret.required(MERCHANT_KEY), Secret.hmacKey(TOKEN_SECRET), Secret.whenSet(WEBHOOK_SECRET)),
                List.of(PUBLIC_URL),
                List.of("guard-test-local.yml", "not-on-the-classpath-local.yml"));
    }

    @Test
    void startsWithSecretsOfItsOwnAndWarnsOfNothing(CapturedOutput output) {
        context.withPropertyValues(PUBLIC_URL + "=https://pay.example.com", WEBHOOK_SECRET + "=whsec_of_our_own")
                .run(started -> assertThat(started).hasNotFailed());
        assertThat(output).doesNotContain("Profile 'local' is active");
    }

    @ParameterizedTest
    @ValueSource(strings = {MERCHANT_KEY, TOKEN_SECRET})
    void refusesAMissingSecret(String property) {
        new ApplicationContextRunner()
                .withBean(SecretsGuard.class, SecretsGuardTest::guard)
                .withPropertyValues(otherSecretsThan(property))
                .run(started ->
                        assertThat(refusal(started)).containsExactly(Secret.describe(property) + " is not set"));
    }

    @ParameterizedTest
    @ValueSource(strings = {MERCHANT_KEY, TOKEN_SECRET})
    void refusesABlankSecret(String property) {
        context.withPropertyValues(property + "=  ").run(started -> assertThat(refusal(started))
                .containsExactly(Secret.describe(property) + " is not set"));
    }

    @ParameterizedTest(name = "{0} = the committed {1}")
    @CsvSource({
        MERCHANT_KEY + ", committed-merchant-key",
        TOKEN_SECRET + ", committed-token-secret-of-the-local-profile",
        // another property's committed value is just as public
        TOKEN_SECRET + ", committed-merchant-key",
        WEBHOOK_SECRET + ", committed-token-secret-of-the-local-profile"
    })
    void refusesACommittedLocalValueWithoutPrintingIt(String property, String committed, CapturedOutput output) {
        context.withPropertyValues(property + "=" + committed).run(started -> {
            assertThat(refusal(started))
                    .containsExactly(Secret.describe(property) + " is a value committed for the 'local' profile");
            assertThat(started.getStartupFailure().getMessage()).doesNotContain(committed);
        });
        assertThat(output).doesNotContain(committed);
    }

    @Test
    void refusesAnHmacKeyShorterThan32Characters() {
        String tooShort = OWN_TOKEN_SECRET.substring(1);
        context.withPropertyValues(TOKEN_SECRET + "=" + tooShort).run(started -> {
            assertThat(refusal(started))
                    .containsExactly("payments.token-secret (PAYMENTS_TOKEN_SECRET) is shorter than 32 characters");
            assertThat(started.getStartupFailure().getMessage()).doesNotContain(tooShort);
        });
        // only the HMAC key has a length rule
        context.withPropertyValues(MERCHANT_KEY + "=short")
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Test
    void anOptionalSecretMayStayEmpty() {
        context.withPropertyValues(WEBHOOK_SECRET + "=")
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Test
    void namesEveryProblemAtOnce() {
        new ApplicationContextRunner()
                .withBean(SecretsGuard.class, SecretsGuardTest::guard)
                .withPropertyValues(
                        TOKEN_SECRET + "=short",
                        WEBHOOK_SECRET + "=committed-merchant-key",
                        PUBLIC_URL + "=http://pay.example.com")
                .run(started -> assertThat(refusal(started))
                        .containsExactly(
                                "payments.merchant-api-key (PAYMENTS_MERCHANT_API_KEY) is not set",
                                "payments.token-secret (PAYMENTS_TOKEN_SECRET) is shorter than 32 characters",
                                "payments.pg.webhook-secret (PAYMENTS_PG_WEBHOOK_SECRET) is a value committed for the"
                                        + " 'local' profile",
                                "payments.edge.public-url (PAYMENTS_EDGE_PUBLIC_URL) must be https, or http to a"
                                        + " loopback address; it is http://pay.example.com"));
    }

    /** Operators set secrets as environment variables: the guard reads them as Spring binds them. */
    @Test
    void readsSecretsFromEnvironmentVariables() {
        new ApplicationContextRunner()
                .withBean(SecretsGuard.class, SecretsGuardTest::guard)
                .withInitializer(started -> started.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of(
                                        "PAYMENTS_MERCHANT_API_KEY",
                                        "committed-merchant-key",
                                        "PAYMENTS_TOKEN_SECRET",
                                        OWN_TOKEN_SECRET))))
                .run(started -> assertThat(refusal(started))
                        .containsExactly(
                                "payments.merchant-api-key (PAYMENTS_MERCHANT_API_KEY) is a value committed for the"
                                        + " 'local' profile"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://pay.example.com",
                "http://pg-sandbox:8090",
                "http://10.0.0.7:8080",
                "http://127.0.0.1.example.com",
                "http://localhost.example.com",
                "http://128.0.0.1",
                "http://[::2]:8080",
                "ftp://localhost",
                "pay.example.com",
                "http://bad host"
            })
    void refusesAUrlThatIsNotHttpsUnlessItIsThisHost(String url) {
        context.withPropertyValues(PUBLIC_URL + "=" + url).run(started -> assertThat(refusal(started))
                .singleElement()
                .asString()
                .startsWith("payments.edge.public-url (PAYMENTS_EDGE_PUBLIC_URL) must be https, or http to a"
                        + " loopback address; it is "));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://pay.example.com",
                "HTTPS://pay.example.com/base",
                "http://localhost:8080",
                "http://LOCALHOST",
                "http://127.0.0.1:8090",
                "http://127.10.20.30",
                "http://[::1]:8080",
                "http://[0:0:0:0:0:0:0:1]"
            })
    void allowsHttpsAndPlainHttpToThisHost(String url) {
        context.withPropertyValues(PUBLIC_URL + "=" + url)
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Test
    void refusesAUrlWithoutPrintingItsUserPart() {
        context.withPropertyValues(PUBLIC_URL + "=http://user:password@pay.example.com")
                .run(started -> assertThat(started.getStartupFailure().getMessage())
                        .contains("it is http://pay.example.com")
                        .doesNotContain("password"));
    }

    @Test
    void theLocalProfileAllowsCommittedShortAndMissingSecretsAndPlainHttpWithOneWarning(CapturedOutput output) {
        new ApplicationContextRunner()
                .withBean(SecretsGuard.class, SecretsGuardTest::guard)
                .withPropertyValues(
                        "spring.profiles.active=local",
                        TOKEN_SECRET + "=short",
                        WEBHOOK_SECRET + "=committed-merchant-key",
                        PUBLIC_URL + "=http://pay.example.com")
                .run(started -> assertThat(started).hasNotFailed());
        assertThat(output.getOut().lines().filter(line -> line.contains("Profile 'local' is active")))
                .singleElement()
                .asString()
                .contains("WARN");
    }

    @Test
    void anotherProfileIsNotLocal() {
        context.withPropertyValues("spring.profiles.active=prod", TOKEN_SECRET + "=short")
                .run(started -> assertThat(started).hasFailed());
    }

    /** Outside a test runner: Spring Boot's start-up failure report says what is wrong and what to do. */
    @Test
    void aRefusedStartIsReportedWithWhatToDo(CapturedOutput output) {
        SpringApplication application = new SpringApplication(GuardOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--" + TOKEN_SECRET + "=committed-token-secret-of-the-local-profile"))
                .isInstanceOf(InsecureConfigurationException.class);

        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("payments.merchant-api-key (PAYMENTS_MERCHANT_API_KEY) is not set")
                .contains("payments.token-secret (PAYMENTS_TOKEN_SECRET) is a value committed for the 'local' profile")
                .contains("SPRING_PROFILES_ACTIVE=local")
                .doesNotContain("committed-token-secret-of-the-local-profile");
    }

    @Test
    void readsWhatALocalFileSets() {
        assertThat(SecretsGuard.localValues("guard-test-local.yml"))
                .containsExactly(
                        Map.entry(MERCHANT_KEY, "committed-merchant-key"),
                        Map.entry(TOKEN_SECRET, "committed-token-secret-of-the-local-profile"));
        assertThat(SecretsGuard.localValues("not-on-the-classpath-local.yml")).isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    static class GuardOnly {

        @Bean
        static SecretsGuard secretsGuard() {
            return guard();
        }
    }

    private static List<String> refusal(
            org.springframework.boot.test.context.assertj.AssertableApplicationContext started) {
        assertThat(started).hasFailed();
        Throwable failure = started.getStartupFailure();
        while (!(failure instanceof InsecureConfigurationException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        assertThat(failure).isInstanceOf(InsecureConfigurationException.class);
        return ((InsecureConfigurationException) failure).problems();
    }

    private static String[] otherSecretsThan(String property) {
        List<String> values = new ArrayList<>();
        if (!property.equals(MERCHANT_KEY)) {
            values.add(MERCHANT_KEY + "=" + OWN_MERCHANT_KEY);
        }
        if (!property.equals(TOKEN_SECRET)) {
            values.add(TOKEN_SECRET + "=" + OWN_TOKEN_SECRET);
        }
        return values.toArray(String[]::new);
    }
}
