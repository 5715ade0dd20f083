package dev.payments.edge;

import dev.payments.support.secrets.SecretsGuard;
import dev.payments.testsupport.EmbeddedKafkaInitializer;
import dev.payments.testsupport.EmbeddedPostgresInitializer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole edge on a real port, on the test JVM's one embedded KRaft broker and one embedded PostgreSQL (both shared
 * by every test class), whose tables come from the worker's own migration (run by the test: the edge never migrates),
 * with the edge's entities validated against them. Tests get {@link EdgeHttp} and {@link OrderEvents} injected. Classes
 * that add nothing to these properties share one application context; a class that needs other settings adds them
 * with {@code @TestPropertySource} (and gets a context of its own). The {@code local} profile lets the start-up guard
 * take the test's own keys.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=api-edge",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "payments.merchant-api-key=" + EdgeIntegrationTest.MERCHANT_KEY,
            "payments.token-secret=" + EdgeIntegrationTest.TOKEN_SECRET,
            "payments.edge.public-url=https://pay.example.test",
            "payments.edge.shop-url=https://shop.example.test/",
            "payments.order-ttl=20m",
            "payments.pg.client-key=test_ck_integration",
            "spring.flyway.enabled=true",
            "spring.flyway.locations=filesystem:../worker/src/main/resources/db/migration",
            // the edge's own pool is read-only, so the migration gets its own connection
            "spring.flyway.url=${spring.datasource.url}",
            "spring.flyway.user=postgres",
            "spring.flyway.password=postgres",
            // the edge never checks the worker's schema in production (ddl-auto none); here its entities must fit it
            "spring.jpa.hibernate.ddl-auto=validate"
        })
@ActiveProfiles(SecretsGuard.LOCAL_PROFILE)
@ContextConfiguration(initializers = {EmbeddedPostgresInitializer.class, EmbeddedKafkaInitializer.class})
@Import(IntegrationClients.class)
public @interface EdgeIntegrationTest {

    String MERCHANT_KEY = "integration-merchant-key";
    String TOKEN_SECRET = "integration-token-secret";

    /** The {@code Authorization} header of the merchant, as name and value. */
    String[] MERCHANT = {"Authorization", "Bearer " + MERCHANT_KEY};
}
