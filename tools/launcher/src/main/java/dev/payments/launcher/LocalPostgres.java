package dev.payments.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL (zonky's binaries) whose data directory {@code <data>/postgres} is kept between runs. Public so that
 * a fault suite can run it as a process of its own, stop it and start it again on the same data.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "payments";
    public static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    public static LocalPostgres start(Path dataDir, int port) throws IOException {
        Path dir = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(dir);
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                // zonky's test default is synchronous_commit=off: a commit is acknowledged before its WAL is written,
                // so a crashed server loses transactions whose Kafka offsets the worker has already committed (found
                // by the fault suite: PostgreSQL killed with SIGKILL lost 34 applied events). Data kept between runs
                // must survive a crash of the server process.
                .setServerConfig("synchronous_commit", "on")
                .start();
        LocalPostgres postgres = new LocalPostgres(server);
        postgres.createDatabase();
        return postgres;
    }

    int port() {
        return server.getPort();
    }

    public String jdbcUrl() {
        return server.getJdbcUrl(USER, DATABASE);
    }

    private void createDatabase() {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")
                    .next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
