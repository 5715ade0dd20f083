package dev.payments.system;

import dev.payments.edge.EdgeApplication;
import dev.payments.support.secrets.SecretsGuard;
import dev.payments.testsupport.EmbeddedPostgres;
import dev.payments.testsupport.KraftBroker;
import dev.payments.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Starts the parts of a system under test. Configuration goes in as command-line arguments, so it wins over each
 * service's own yml exactly as an operator's would; an argument a caller passes replaces the default of the same name.
 * The edge and the worker run in the {@code local} profile.
 */
final class Launch {

    static final int PARTITIONS = 3;
    static final String MERCHANT_KEY = "merchant-key-system-tests";

    private Launch() {}

    static EmbeddedKafkaBroker broker() {
        return KraftBroker.start(
                PARTITIONS,
                Map.of(
                        "transaction.state.log.replication.factor", "1",
                        "transaction.state.log.min.isr", "1",
                        "auto.create.topics.enable", "false"));
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
                        "--payments.pg.confirm.max-backoff=500ms",
                        // the stacks stop in shutdown hooks beside each other: a job left waiting on a PG that
                        // already stopped must not hold the test JVM's exit past the test runner's patience
                        "--payments.pg.confirm.shutdown-grace=1s",
                        "--payments.pg.status-check.shutdown-grace=1s",
                        "--payments.pg.refund.shutdown-grace=1s",
                        "--payments.pg.deposit-cancel.shutdown-grace=1s",
                        // no scheduled reconciliation: its window could hold a test's drift and heal it before the
                        // test's own run does; tests reconcile through the endpoint (ReconciliationIT)
                        "--payments.reconciliation.enabled=false"),
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

    /**
     * Starts an application that has no database of its own (the sandbox, the shop): only this shared test classpath,
     * which carries JPA for the worker, makes Boot look for one, so it is pointed at {@code jdbcUrl} without Flyway.
     */
    static ConfigurableApplicationContext withoutOwnDatabase(
            SpringApplicationBuilder application, String jdbcUrl, String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.flyway.enabled=false"));
        all.addAll(List.of(args));
        return application.run(all.toArray(String[]::new));
    }

    /** A port nothing listens on right now, for a service whose own URL must be known before it starts. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : List.of(
                "--server.port=0",
                // test keys and a sandbox on plain http: allowed only in this profile
                "--spring.profiles.active=" + SecretsGuard.LOCAL_PROFILE,
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres")) {
            args.put(name(arg), arg);
        }
        defaults.forEach(arg -> args.put(name(arg), arg));
        // Spring would join two values of one option with a comma; the caller's replaces the default instead
        List.of(extra).forEach(arg -> args.put(name(arg), arg));
        return application.run(args.values().toArray(String[]::new));
    }

    private static String name(String arg) {
        int equals = arg.indexOf('=');
        return equals < 0 ? arg : arg.substring(0, equals);
    }
}
