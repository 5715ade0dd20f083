package dev.payments.faults.stack;

import dev.payments.launcher.LocalPostgres;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process that holds one PostgreSQL server ({@link LocalPostgres}, zonky's binaries): {@code PostgresNode <data dir>
 * <port>}. The data stays in {@code <data dir>/postgres}. SIGTERM runs the shutdown hook, which stops the server
 * ({@code pg_ctl stop}) before the process exits, so stopping this process really stops PostgreSQL.
 */
public final class PostgresNode {

    private static final Logger log = LoggerFactory.getLogger(PostgresNode.class);

    private PostgresNode() {}

    public static void main(String[] args) throws Exception {
        LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            postgres.close();
                            stopped.countDown();
                        },
                        "postgres-node-stop"));
        log.info("PostgreSQL ready at {}", postgres.jdbcUrl());
        stopped.await();
    }
}
