package dev.payments.faults.stack;

import dev.payments.launcher.LocalPostgres;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A process that holds one PostgreSQL server ({@link LocalPostgres}, zonky's binaries): {@code PostgresNode <data dir>
 * <port>}. The data stays in {@code <data dir>/postgres}. SIGTERM runs the shutdown hook, which stops the server
 * ({@code pg_ctl stop}) before the process exits, so stopping this process really stops PostgreSQL.
 */
public final class PostgresNode {

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
        System.out.println("POSTGRES READY " + postgres.jdbcUrl());
        stopped.await();
    }
}
