package dev.payments.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database users of docker compose and the launcher (deploy/postgres/init-roles.sql, run by {@link LocalPostgres})
 * with the worker's migrations run as the owner, as both stacks do, on a real PostgreSQL: the edge's login reads
 * {@code orders}, {@code order_timeline} and {@code refunds} and nothing else, and is refused every write (SQLState 42501) on every
 * table, on a plain connection that is not read-only: the role is the control, the edge's read-only session is defence
 * in depth. The worker's login writes its tables but changes no schema and no migration history. One user for
 * everything, as docs/contract.md §6 allows, still migrates where it may not create roles.
 */
class DatabaseRolesIT {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String HISTORY = "flyway_schema_history";
    private static final List<String> EDGE_READS = List.of("orders", "order_timeline", "refunds");

    @TempDir
    static Path data;

    private static LocalPostgres postgres;
    /** Every table of the schema and its first column, read as the superuser. */
    private static Map<String, String> tables;

    @BeforeAll
    static void startAndMigrateAsTheOwner() throws IOException, SQLException {
        postgres = LocalPostgres.start(data, LocalStack.freePort());
        migrate(postgres.databaseUrl(), LocalPostgres.OWNER);
        tables = tablesAndFirstColumns(postgres.jdbcUrl());
        assertThat(tables).containsKeys("orders", "order_timeline", "outbox_messages", HISTORY);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theEdgeReadsExactlyTheTablesItServes() throws SQLException {
        try (Connection edge = login(LocalPostgres.EDGE_LOGIN)) {
            for (String table : EDGE_READS) {
                assertThatCode(() -> execute(edge, "SELECT * FROM " + table + " LIMIT 1"))
                        .as("the edge reads %s", table)
                        .doesNotThrowAnyException();
            }
            for (String table : tables.keySet()) {
                if (!EDGE_READS.contains(table)) {
                    assertRefused(edge, "SELECT * FROM " + table + " LIMIT 1");
                }
            }
        }
    }

    @Test
    void theEdgeIsRefusedEveryWriteOnEveryTableEvenInAReadWriteSession() throws SQLException {
        try (Connection edge = login(LocalPostgres.EDGE_LOGIN)) {
            assertThat(edge.isReadOnly()).isFalse();
            // what any statement of a session could do to the edge's read-only session setting
            execute(edge, "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            for (Map.Entry<String, String> table : tables.entrySet()) {
                assertRefused(edge, "INSERT INTO " + table.getKey() + " DEFAULT VALUES");
                assertRefused(edge, "UPDATE " + table.getKey() + " SET " + table.getValue() + " = " + table.getValue());
                assertRefused(edge, "DELETE FROM " + table.getKey());
                assertRefused(edge, "TRUNCATE " + table.getKey());
            }
            assertRefused(edge, "CREATE TABLE edge_scratch (id int)");
        }
    }

    @Test
    void theWorkerWritesItsTablesButNotTheSchemaNorTheMigrationHistory() throws SQLException {
        try (Connection worker = login(LocalPostgres.WORKER_LOGIN)) {
            for (Map.Entry<String, String> table : tables.entrySet()) {
                String name = table.getKey();
                String column = table.getValue();
                List<String> dml = List.of(
                        "SELECT * FROM " + name + " LIMIT 1",
                        "INSERT INTO " + name + " SELECT * FROM " + name + " WHERE false",
                        "UPDATE " + name + " SET " + column + " = " + column + " WHERE false",
                        "DELETE FROM " + name + " WHERE false");
                for (String statement : dml) {
                    if (name.equals(HISTORY)) {
                        assertRefused(worker, statement);
                    } else {
                        assertThatCode(() -> execute(worker, statement))
                                .as(statement)
                                .doesNotThrowAnyException();
                    }
                }
                assertRefused(worker, "TRUNCATE " + name);
                assertRefused(worker, "ALTER TABLE " + name + " ADD COLUMN scratch int");
                assertRefused(worker, "DROP TABLE " + name);
            }
            for (String sequence : sequences(postgres.jdbcUrl())) {
                assertThatCode(() -> execute(worker, "SELECT nextval('" + sequence + "')"))
                        .as("nextval of %s", sequence)
                        .doesNotThrowAnyException();
            }
            assertRefused(worker, "CREATE TABLE worker_scratch (id int)");
        }
    }

    @Test
    void aTableALaterMigrationAddsIsTheWorkersAndNotTheEdges() throws SQLException {
        try (Connection owner = login(LocalPostgres.OWNER);
                Connection worker = login(LocalPostgres.WORKER_LOGIN);
                Connection edge = login(LocalPostgres.EDGE_LOGIN)) {
            execute(owner, "CREATE TABLE later_table (id int PRIMARY KEY)");
            try {
                execute(worker, "INSERT INTO later_table VALUES (1)");
                execute(worker, "DELETE FROM later_table");
                assertRefused(edge, "SELECT * FROM later_table");
            } finally {
                execute(owner, "DROP TABLE later_table");
            }
        }
    }

    /**
     * A data folder from before the roles (or a database that ran with one user) has tables the superuser owns: a
     * restart hands them to the owner, so its migrations may alter them and grant on them.
     */
    @Test
    void aRestartHandsTablesTheSuperuserCreatedToTheOwner() throws IOException, SQLException {
        try (Connection superuser = DriverManager.getConnection(postgres.jdbcUrl())) {
            execute(superuser, "CREATE TABLE older_table (id int)");
        }
        postgres.close();
        postgres = LocalPostgres.start(data, LocalStack.freePort());
        try (Connection superuser = DriverManager.getConnection(postgres.jdbcUrl());
                Statement s = superuser.createStatement();
                ResultSet owner = s.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'older_table'")) {
            assertThat(owner.next()).isTrue();
            assertThat(owner.getString(1)).isEqualTo(LocalPostgres.OWNER);
            execute(superuser, "DROP TABLE older_table");
        }
        migrate(postgres.databaseUrl(), LocalPostgres.OWNER);
    }

    /** An operator's one user that may not create roles: the migrations run, with a NOTICE, and grant nothing. */
    @Test
    void oneUserThatMayNotCreateRolesStillMigrates() throws IOException, SQLException {
        try (var other =
                io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            try (Connection superuser = other.getPostgresDatabase().getConnection()) {
                execute(superuser, "CREATE ROLE solo LOGIN");
                execute(superuser, "CREATE DATABASE solo OWNER solo");
            }
            String url = "jdbc:postgresql://localhost:" + other.getPort() + "/solo";
            migrate(url, "solo");
            try (Connection solo = DriverManager.getConnection(url, "solo", "solo");
                    Statement s = solo.createStatement();
                    ResultSet roles = s.executeQuery(
                            "SELECT count(*) FROM pg_roles WHERE rolname IN ('payments_worker', 'payments_edge')")) {
                assertThat(roles.next()).isTrue();
                assertThat(roles.getInt(1)).as("no role created").isZero();
                execute(solo, "DELETE FROM orders WHERE false");
            }
        }
    }

    private static void migrate(String url, String user) {
        Flyway.configure()
                .dataSource(url, user, user)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private static Connection login(String user) throws SQLException {
        // zonky trusts local connections: the password is not checked, the role's privileges are
        return DriverManager.getConnection(postgres.databaseUrl(), user, user);
    }

    private static void assertRefused(Connection connection, String sql) {
        assertThatThrownBy(() -> execute(connection, sql))
                .as(sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                        .as("%s: %s", sql, e.getMessage())
                        .isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<String, String> tablesAndFirstColumns(String superuserUrl) throws SQLException {
        Map<String, String> result = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(superuserUrl);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT table_name, column_name FROM information_schema.columns
                         WHERE table_schema = 'public' AND ordinal_position = 1
                         ORDER BY table_name""")) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getString(2));
            }
        }
        return result;
    }

    private static List<String> sequences(String superuserUrl) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(superuserUrl);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        assertThat(result).isNotEmpty();
        return result;
    }
}
