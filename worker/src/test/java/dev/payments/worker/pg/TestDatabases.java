package dev.payments.worker.pg;

import dev.payments.testsupport.EmbeddedPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Databases of their own on the shared embedded PostgreSQL server, for test classes whose pollers or sweepers would
 * otherwise take rows of other classes (or a whole worker's).
 */
public final class TestDatabases {

    private TestDatabases() {}

    /** Drops and creates {@code name}; returns its JDBC URL (user and password {@code postgres}). */
    public static String fresh(String name) {
        JdbcClient admin = JdbcClient.create(EmbeddedPostgres.dataSource());
        admin.sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").update();
        admin.sql("CREATE DATABASE " + name).update();
        return EmbeddedPostgres.server().getJdbcUrl("postgres", name);
    }
}
