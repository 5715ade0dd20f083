package dev.payments.edge;

import dev.payments.support.secrets.SecretsGuard;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;

/**
 * A Spring MVC slice of the edge for request validation and problem+json answers: MockMvc, no server, with the web
 * layer as the application has it (its filters, interceptors, problem handler and strict JSON) and the given
 * controllers. Requests go through {@link SliceHttp}. Nothing behind the controllers is reachable, and nothing needs to
 * be: after every test, the slice asserts that its (real) Kafka template never created a producer
 * ({@link UnreachableBackends}). The {@code local} profile lets the start-up guard take the slice's own keys.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(
        properties = {
            "spring.config.name=api-edge",
            "payments.merchant-api-key=" + EdgeWebMvcTest.MERCHANT_KEY,
            "payments.token-secret=slice-token-secret"
        })
@ActiveProfiles(SecretsGuard.LOCAL_PROFILE)
@Import({UnreachableBackends.class, SliceHttp.class})
@ExtendWith(UnreachableBackends.NothingSent.class)
public @interface EdgeWebMvcTest {

    String MERCHANT_KEY = "slice-merchant-key";

    /** The {@code Authorization} header of the merchant, as name and value. */
    String[] MERCHANT = {"Authorization", "Bearer " + MERCHANT_KEY};

    /** The controllers under test. */
    @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
    Class<?>[] value() default {};
}
