package dev.payments.system;

import dev.payments.edge.EdgeApplication;
import dev.payments.testsupport.EmbeddedPostgres;
import dev.payments.worker.WorkerApplication;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Starts the parts of a system under test. Configuration goes in as command-line arguments, so it wins over each
 * service's own yml exactly as an operator's would.
 */
final class Launch {

    static final int PARTITIONS = 3;
    static final String MERCHANT_KEY = "merchant-key-system-tests";

    private Launch() {}

    static EmbeddedKafkaBroker broker() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS)
                .brokerProperties(Map.of(
                        "transaction.state.log.replication.factor", "1",
                        "transaction.state.log.min.isr", "1",
                        "auto.create.topics.enable", "false"));
        broker.afterPropertiesSet();
        return broker;
    }

    /** A database of its own in the shared embedded PostgreSQL server; returns its JDBC URL. */
    static String database(String name) {
        try (Connection c = EmbeddedPostgres.dataSource().getConnection();
                Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")
                    .next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return EmbeddedPostgres.server().getJdbcUrl("postgres", name);
    }

    static ConfigurableApplicationContext worker(String bootstrap, String jdbcUrl, String... extra) {
        return run(
                WorkerApplication.builder(),
                bootstrap,
                jdbcUrl,
                List.of(
                        "--payments.topics.partitions=" + PARTITIONS,
                        "--payments.pg.confirm.initial-backoff=100ms",
                        "--payments.pg.confirm.max-backoff=500ms"),
                extra);
    }

    static ConfigurableApplicationContext edge(String bootstrap, String jdbcUrl, String... extra) {
        return run(
                EdgeApplication.builder(),
                bootstrap,
                jdbcUrl,
                List.of(
                        "--payments.merchant-api-key=" + MERCHANT_KEY,
                        "--payments.token-secret=system-test-token-secret",
                        "--payments.edge.public-url=https://pay.shop.test"),
                extra);
    }

    static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    private static ConfigurableApplicationContext run(
            SpringApplicationBuilder application,
            String bootstrap,
            String jdbcUrl,
            List<String> defaults,
            String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres"));
        args.addAll(defaults);
        args.addAll(List.of(extra));
        return application.run(args.toArray(String[]::new));
    }
}
