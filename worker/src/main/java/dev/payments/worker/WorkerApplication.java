package dev.payments.worker;

import dev.payments.support.kafka.KafkaHealthConfiguration;
import dev.payments.support.secrets.Secret;
import dev.payments.support.secrets.SecretsGuard;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The payment worker: order events in, state in PostgreSQL, confirms to the PG, completions out. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(KafkaHealthConfiguration.class)
@EnableScheduling
public class WorkerApplication {

    /** The worker reads {@code worker.yml} (not application.yml) so that it can share a classpath with the edge. */
    public static final String CONFIG_NAME = "worker";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * Outside the {@code local} profile: no missing, committed (worker-local.yml) or short secret, and the PG's key sent
     * over https only (docs/configuration.md). Static: it runs before any other bean exists, so before Flyway or Kafka.
     */
    @Bean
    static SecretsGuard secretsGuard() {
        return new SecretsGuard(
                List.of(
                        Secret.required("payments.pg.secret-key"),
                        Secret.hmacKey("payments.worker.event-key"),
                        // a key being rotated out still signs what the worker believes until its end
                        Secret.whenSet("payments.worker.previous-event-key")),
                List.of("payments.pg.base-url"));
    }

    /**
     * The worker's transactions are plain JDBC ones (order/persistence/package-info.java), also where its classpath
     * carries JPA: the launcher and the fault suite run it beside the edge, and Boot would then pick JPA's transaction
     * manager, whose rollback on a dead connection fails as a {@code JpaSystemException} that hides the transient
     * cause and dead-letters a live event. {@code JdbcTransactionManager} reports it as a
     * {@code TransactionSystemException}, which the consumer retries.
     */
    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    /** The one clock of the worker; the domain never calls {@code now()} itself. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
