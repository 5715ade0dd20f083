package dev.payments.system;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What tests need to know of a running system: where its broker is, its database, its edge. */
interface SystemUnderTest {

    String bootstrapServers();

    JdbcClient jdbc();

    EdgeClient edgeClient();
}
