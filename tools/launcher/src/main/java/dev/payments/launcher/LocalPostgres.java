package dev.payments.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL (zonky's binaries) whose data directory {@code <data>/postgres} is kept between runs. Public so that
 * a fault suite can run it as a process of its own, stop it and start it again on the same data.
 *
 * <p>At every start it runs docker compose's {@code deploy/postgres/init-roles.sql} (packaged into this jar), so the
 * local services log in as compose's do: the worker's Flyway as {@link #OWNER}, the worker as {@link #WORKER_LOGIN},
 * the edge as {@link #EDGE_LOGIN}. Authentication is zonky's {@code trust}: any password is accepted, the roles'
 * privileges are what is real here.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "payments";
    /** The superuser: tools (fault suite, benchmark) that read or reset everything. */
    public static final String USER = "postgres";
    /** Owns the database and its tables; runs the migrations. */
    static final String OWNER = "payments_owner";
    /** The worker at run time: DML on its tables, no DDL. */
    static final String WORKER_LOGIN = "payments_worker_app";
    /** The api-edge: SELECT on the tables it reads, nothing else. */
    static final String EDGE_LOGIN = "payments_edge_app";

    /** The roles script on this jar's classpath (copied there from deploy/postgres by the launcher's pom). */
    static final String ROLES_SCRIPT = "/deploy/postgres/init-roles.sql";

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
        postgres.createRoles();
        return postgres;
    }

    int port() {
        return server.getPort();
    }

    /** The database as the superuser ({@code ?user=postgres} in the URL). */
    public String jdbcUrl() {
        return server.getJdbcUrl(USER, DATABASE);
    }

    /**
     * The database without a user, for a service whose login is given separately: PostgreSQL's driver lets a
     * {@code user} in the URL win over {@code spring.datasource.username}.
     */
    String databaseUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
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

    private void createRoles() {
        try (InputStream in = LocalPostgres.class.getResourceAsStream(ROLES_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(ROLES_SCRIPT + " is not on the classpath");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            try (Connection c = server.getDatabase(USER, DATABASE).getConnection();
                    Statement s = c.createStatement()) {
                s.execute(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database roles (" + ROLES_SCRIPT + ")", e);
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
