package dev.payments.launcher;

import dev.payments.edge.EdgeApplication;
import dev.payments.sandbox.SandboxApplication;
import dev.payments.shop.ShopApplication;
import dev.payments.support.secrets.SecretsGuard;
import dev.payments.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in this JVM: Kafka, PostgreSQL, then the PG sandbox, the worker, the edge and the demo shop, each its
 * own Spring context started exactly as its jar would be, with the local wiring as command-line arguments and the
 * {@code local} profile (the committed local secrets of api-edge-local.yml and worker-local.yml). {@link #close()} stops
 * them in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    /** The edge's local merchant key, read from api-edge-local.yml (the shop sends it). */
    public static final String MERCHANT_KEY =
            SecretsGuard.localValues("api-edge-local.yml").get("payments.merchant-api-key");
    /** The local Toss secret key, read from worker-local.yml (the sandbox accepts it). */
    public static final String PG_SECRET_KEY =
            SecretsGuard.localValues("worker-local.yml").get("payments.pg.secret-key");

    static final String PG_CLIENT_KEY = "test_ck_local_sandbox";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final LocalOptions options;
    private final long startedInMillis;
    private LocalKafka kafka;
    private LocalPostgres postgres;
    private ConfigurableApplicationContext edge;

    private LocalStack(LocalOptions options, long startNanos) {
        this.options = options;
        try {
            kafka = keep(LocalKafka.start(options.dataDir(), options.kafkaPort(), options.kafkaControllerPort()));
            postgres = keep(LocalPostgres.start(options.dataDir(), options.postgresPort()));
            String sandboxUrl = "http://localhost:" + options.sandboxPort();
            String edgeUrl = "http://localhost:" + options.edgePort();
            String shopUrl = "http://localhost:" + options.shopPort() + "/";
            keep(run(
                    SandboxApplication.builder(),
                    options.sandboxPort(),
                    LocalPostgres.EDGE_LOGIN,
                    // the sandbox uses no database; only the shared classpath (JPA) makes Boot look for one
                    "--spring.flyway.enabled=false",
                    "--payments.sandbox.public-url=" + sandboxUrl,
                    "--payments.sandbox.secret-key=" + PG_SECRET_KEY,
                    "--payments.sandbox.client-key=" + PG_CLIENT_KEY,
                    "--payments.sandbox.webhook-url=" + edgeUrl + "/pg/webhooks"));
            // the worker owns the schema: it runs Flyway (as the tables' owner) before the edge reads the tables
            keep(run(
                    WorkerApplication.builder(),
                    options.workerPort(),
                    LocalPostgres.WORKER_LOGIN,
                    "--spring.flyway.user=" + LocalPostgres.OWNER,
                    "--spring.flyway.password=" + LocalPostgres.OWNER,
                    "--payments.pg.base-url=" + sandboxUrl));
            edge = keep(run(
                    EdgeApplication.builder(),
                    options.edgePort(),
                    LocalPostgres.EDGE_LOGIN,
                    "--payments.edge.public-url=" + edgeUrl,
                    "--payments.pg.client-key=" + PG_CLIENT_KEY,
                    // the result page's link back to the shop
                    "--payments.edge.shop-url=" + shopUrl));
            keep(run(
                    ShopApplication.builder(),
                    options.shopPort(),
                    LocalPostgres.EDGE_LOGIN,
                    // the shop uses no database; only the shared classpath (JPA) makes Boot look for one
                    "--spring.flyway.enabled=false",
                    "--payments.shop.edge-url=" + edgeUrl,
                    "--payments.shop.merchant-key=" + MERCHANT_KEY,
                    // the buyer's checkout page loads the sandbox's copy of Toss's SDK script
                    "--payments.shop.pg-script-url=" + sandboxUrl + "/js/v1/payment"));
        } catch (RuntimeException | IOException e) {
            close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        startedInMillis = (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Starts everything; ports of 0 are replaced by free ports first. */
    public static LocalStack start(LocalOptions requested) {
        long startNanos = System.nanoTime();
        LocalOptions options = resolve(requested);
        if (options.reset()) {
            deleteRecursively(options.dataDir());
        }
        return new LocalStack(options, startNanos);
    }

    public LocalOptions options() {
        return options;
    }

    public String edgeUrl() {
        return "http://localhost:" + options.edgePort();
    }

    public String workerUrl() {
        return "http://localhost:" + options.workerPort();
    }

    public String shopUrl() {
        return "http://localhost:" + options.shopPort();
    }

    public String sandboxUrl() {
        return "http://localhost:" + options.sandboxPort();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public long startedInMillis() {
        return startedInMillis;
    }

    /** Where everything is, for a person at the terminal. */
    public String summary() {
        return """

                Payments system running (started in %.1f s)
                  demo shop       %s   open it in a browser and buy something
                  api-edge        %s   merchant key: Bearer %s
                  worker          %s/actuator/health
                  PG sandbox      %s   secret key: %s (payment window, automation API /sandbox/v1)
                                  virtual accounts (가상계좌): deposit from %s/sandbox/console/virtual-accounts
                  Kafka           %s   (KRaft, controller on localhost:%d)
                                  PLAINTEXT, no authentication, no ACLs: anyone on this machine may read and write
                                  every topic. For local use only (docker compose runs SASL/SCRAM with ACLs).
                  PostgreSQL      %s   users %s (migrations), %s, %s (read-only);
                                  superuser %s; any password
                  data folder     %s   (kept between runs; --reset starts empty)
                Spring profile 'local': committed local keys, plain http. For this machine only.
                Try: curl -s -X POST %s/api/v1/orders -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\
                       -d '{"orderId":"order-1","amount":15000,"currency":"KRW","orderName":"Coffee beans 1kg"}'
                Stop with Ctrl-C.
                """.formatted(
                        startedInMillis / 1000.0,
                        shopUrl(),
                        edgeUrl(),
                        MERCHANT_KEY,
                        workerUrl(),
                        sandboxUrl(),
                        PG_SECRET_KEY,
                        sandboxUrl(),
                        bootstrapServers(),
                        options.kafkaControllerPort(),
                        postgres.databaseUrl(),
                        LocalPostgres.OWNER,
                        LocalPostgres.WORKER_LOGIN,
                        LocalPostgres.EDGE_LOGIN,
                        LocalPostgres.USER,
                        options.dataDir().toAbsolutePath().normalize(),
                        edgeUrl(),
                        MERCHANT_KEY);
    }

    /** Stops the shop, the edge, the worker, the sandbox, PostgreSQL and Kafka, in that order. Safe to call twice. */
    @Override
    public synchronized void close() {
        List<Exception> failures = new ArrayList<>();
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("the local stack did not stop cleanly");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    boolean running() {
        return edge != null && edge.isActive();
    }

    private <T extends AutoCloseable> T keep(T component) {
        started.push(component);
        return component;
    }

    /**
     * Starts a service as {@code databaseLogin} (one of {@link LocalPostgres}'s users: the services that use no
     * database get the read-only one, since the shared classpath makes Boot configure a datasource anyway).
     */
    private ConfigurableApplicationContext run(
            SpringApplicationBuilder application, int port, String databaseLogin, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                // the committed local secrets, allowed only in this profile
                "--spring.profiles.active=" + SecretsGuard.LOCAL_PROFILE,
                "--spring.main.banner-mode=off",
                "--spring.main.log-startup-info=false",
                // one logging system serves every context here: the logger names tell the services apart
                "--logging.include-application-name=false",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.datasource.url=" + postgres.databaseUrl(),
                "--spring.datasource.username=" + databaseLogin,
                // zonky's PostgreSQL trusts local connections: any password
                "--spring.datasource.password=" + databaseLogin));
        args.addAll(List.of(extra));
        // this launcher's shutdown hook stops the contexts, in reverse order
        return application.registerShutdownHook(false).run(args.toArray(String[]::new));
    }

    private static LocalOptions resolve(LocalOptions o) {
        int postgresPort = o.postgresPort();
        if (postgresPort == 0 || (!o.postgresPortExplicit() && !free(postgresPort))) {
            postgresPort = freePort();
        }
        return new LocalOptions(
                o.dataDir(),
                o.reset(),
                orFree(o.kafkaPort()),
                orFree(o.kafkaControllerPort()),
                postgresPort,
                orFree(o.sandboxPort()),
                orFree(o.workerPort()),
                orFree(o.edgePort()),
                orFree(o.shopPort()),
                o.postgresPortExplicit());
    }

    private static int orFree(int port) {
        return port == 0 ? freePort() : port;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not reset " + dir, e);
        }
    }
}
