package dev.payments.faults.stack;

import static org.awaitility.Awaitility.await;

import dev.payments.edge.EdgeApplication;
import dev.payments.launcher.LocalPostgres;
import dev.payments.sandbox.SandboxApplication;
import dev.payments.support.secrets.SecretsGuard;
import dev.payments.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The whole system as separate OS processes started from this JVM's classpath: a KRaft broker and a PostgreSQL (each
 * in a process of its own, data kept in the run folder so that a restart finds it), the PG sandbox, the edge and one or
 * more workers in one consumer group. Every process writes to its own log under the run folder. Ports are free ports
 * chosen once per run, so a restarted broker or database comes back where its clients look for it. {@link #close()}
 * (also a shutdown hook) stops everything, and every child exits by itself when this JVM dies.
 */
public final class ProcessStack implements AutoCloseable {

    public static final String MERCHANT_KEY = "fault-suite-merchant-key";
    public static final String PG_SECRET_KEY = "test_sk_fault_suite";
    public static final String WORKER_GROUP = "payments-worker";
    public static final int PARTITIONS = 6;

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String PG_CLIENT_KEY = "test_ck_fault_suite";
    /** The login that owns the schema (deploy/postgres/init-roles.sql; any password: zonky's trust). */
    private static final String SCHEMA_OWNER = "payments_owner";
    /** A worker's heap: what a production worker gets, and the benchmark's memory target. */
    private static final String WORKER_HEAP = "-Xmx512m";

    private final Path runDir;
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final int postgresPort = freePort();
    private final int sandboxPort = freePort();
    private final int edgePort = freePort();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ManagedProcess kafka;
    private final ManagedProcess postgres;
    private final ManagedProcess edge;
    private final List<Worker> workers = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "process-stack-stop");
    private ManagedProcess sandbox;
    private SandboxFaults sandboxFaults = SandboxFaults.NONE;

    /** A worker process and the HTTP port of its actuator. */
    public record Worker(ManagedProcess process, int port, String group) {}

    /**
     * More for the edge's process: JVM options (e.g. a flight recording) and Spring arguments (e.g. the benchmark's
     * do-nothing endpoint), after the stack's own, so that an argument given here wins.
     */
    public record EdgeOptions(List<String> jvmOptions, List<String> springArgs) {

        public static final EdgeOptions NONE = new EdgeOptions(List.of(), List.of());

        public EdgeOptions {
            jvmOptions = List.copyOf(jvmOptions);
            springArgs = List.copyOf(springArgs);
        }
    }

    private ProcessStack(Path runDir, EdgeOptions edgeOptions) {
        this.runDir = runDir;
        Path data = runDir.resolve("data").toAbsolutePath();
        kafka = process(
                "kafka",
                "-Xmx512m",
                KafkaNode.class.getName(),
                List.of(data.toString(), Integer.toString(kafkaPort), Integer.toString(controllerPort)));
        postgres = process(
                "postgres",
                "-Xmx64m",
                PostgresNode.class.getName(),
                List.of(data.toString(), Integer.toString(postgresPort)));
        List<String> edgeJvm = new ArrayList<>(jvmOptions("-Xmx384m"));
        edgeJvm.addAll(edgeOptions.jvmOptions());
        List<String> edgeArgs = new ArrayList<>(springArgs(
                edgePort,
                "--payments.edge.public-url=" + edgeUrl(),
                "--payments.merchant-api-key=" + MERCHANT_KEY,
                "--payments.pg.client-key=" + PG_CLIENT_KEY,
                // the load generator is every buyer and the PG at once, from one address: a per-client
                // limit would refuse its load (the limit is measured on its own by api-edge's flood test)
                "--payments.edge.rate-limit.enabled=false"));
        edgeArgs.addAll(edgeOptions.springArgs());
        edge = new ManagedProcess(
                "edge", edgeJvm, EdgeApplication.class.getName(), edgeArgs, runDir.resolve("edge.log"));
    }

    /** Starts Kafka and PostgreSQL, then the sandbox and {@code workers} workers, then the edge; waits for each. */
    public static ProcessStack start(Path runDir, int workers, SandboxFaults faults) {
        return start(runDir, workers, faults, EdgeOptions.NONE);
    }

    /** As {@link #start(Path, int, SandboxFaults)}, with more JVM options and arguments for the edge. */
    public static ProcessStack start(Path runDir, int workers, SandboxFaults faults, EdgeOptions edgeOptions) {
        try {
            Files.createDirectories(runDir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessStack stack = new ProcessStack(runDir, edgeOptions);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        // the common pool has one thread on a 2-core machine: start side by side on threads of our own
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Void> kafka = CompletableFuture.runAsync(stack::startKafka, starting);
            CompletableFuture<Void> postgres = CompletableFuture.runAsync(stack::startPostgres, starting);
            kafka.join();
            postgres.join();
            CompletableFuture<Void> sandbox = CompletableFuture.runAsync(() -> stack.startSandbox(faults), starting);
            // the first worker owns the schema (Flyway); the others and the edge start after it
            stack.startWorker();
            List<CompletableFuture<Worker>> more = new ArrayList<>();
            for (int i = 1; i < workers; i++) {
                more.add(CompletableFuture.supplyAsync(stack::startWorker, starting));
            }
            stack.startEdge();
            more.forEach(CompletableFuture::join);
            sandbox.join();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public Path runDir() {
        return runDir;
    }

    public String edgeUrl() {
        return "http://localhost:" + edgePort;
    }

    /** The running PostgreSQL server (its postmaster; the backends are its children), if there is one. */
    public Optional<ProcessHandle> postgresServer() {
        return postmaster();
    }

    public String sandboxUrl() {
        return "http://localhost:" + sandboxPort;
    }

    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    /** The database without a user, for a login given apart (a user in the URL wins over it). */
    private String databaseUrl() {
        return "jdbc:postgresql://localhost:%d/%s".formatted(postgresPort, LocalPostgres.DATABASE);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/%s?user=%s"
                .formatted(postgresPort, LocalPostgres.DATABASE, LocalPostgres.USER);
    }

    public synchronized List<Worker> workers() {
        return workers.stream().filter(w -> w.process().alive()).toList();
    }

    public SandboxFaults sandboxFaults() {
        return sandboxFaults;
    }

    public void startKafka() {
        kafka.start();
        awaitReady(kafka, this::kafkaAnswers);
    }

    /** A clean broker shutdown (SIGTERM); its log stays on disk for {@link #startKafka()}. */
    public void stopKafka() {
        kafka.stop();
    }

    public void startPostgres() {
        postgres.start();
        awaitReady(postgres, this::postgresAnswers);
    }

    /** SIGTERM: the node's shutdown hook stops the PostgreSQL server ({@code pg_ctl stop}); the data stays. */
    public void stopPostgres() {
        postgres.stop();
        killOrphanPostgres();
    }

    /**
     * {@code kill -9} of PostgreSQL itself: the server's processes and the process holding it, with no shutdown of any
     * kind; {@link #startPostgres()} then runs the server's crash recovery on the same data.
     */
    public void crashPostgres() {
        postmaster().ifPresent(pg -> {
            List<ProcessHandle> backends = pg.descendants().toList();
            pg.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
            pg.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
        postgres.kill();
    }

    /** Starts one more worker in the {@value #WORKER_GROUP} consumer group. */
    public Worker startWorker() {
        return startWorker(WORKER_GROUP);
    }

    /** Starts a worker in the given consumer group (a fresh group reads the topic from offset 0) and waits for it. */
    public Worker startWorker(String group) {
        return startWorker(group, List.of(), List.of());
    }

    /**
     * Starts a worker in the given consumer group with more JVM options (e.g. a flight recording) and more Spring
     * arguments (e.g. another processing mode), and waits for it.
     */
    public Worker startWorker(String group, List<String> jvmOptions, List<String> springArgs) {
        Worker worker = launchWorker(group, jvmOptions, springArgs);
        awaitReady(worker);
        return worker;
    }

    /**
     * Launches one more worker process in the {@value #WORKER_GROUP} group without waiting for it: on this machine a
     * JVM takes tens of seconds to start under load, and a fault scenario goes on meanwhile.
     */
    public Worker launchWorker() {
        return launchWorker(WORKER_GROUP, List.of(), List.of());
    }

    /** Waits until the worker answers UP on its health endpoint (Kafka and the database reachable). */
    public void awaitReady(Worker worker) {
        awaitReady(worker.process(), () -> healthUp("http://localhost:" + worker.port()));
    }

    /** Waits until every running worker is ready. */
    public void awaitWorkersReady() {
        workers().forEach(this::awaitReady);
    }

    /** Launches a worker like {@link #startWorker(String, List, List)} without waiting for it. */
    public Worker launchWorker(String group, List<String> jvmOptions, List<String> extraArgs) {
        int port = freePort();
        Worker worker;
        synchronized (this) {
            List<String> args = new ArrayList<>(springArgs(
                    port,
                    "--spring.kafka.consumer.group-id=" + group,
                    "--payments.topics.partitions=" + PARTITIONS,
                    "--payments.pg.base-url=" + sandboxUrl(),
                    "--payments.pg.secret-key=" + PG_SECRET_KEY,
                    "--payments.pg.read-timeout=3s",
                    "--payments.pg.confirm.initial-backoff=200ms",
                    "--payments.pg.confirm.max-backoff=2s",
                    "--payments.pg.status-check.initial-backoff=500ms",
                    "--payments.pg.status-check.max-backoff=5s",
                    "--payments.pg.refund.initial-backoff=200ms",
                    "--payments.pg.refund.max-backoff=2s",
                    "--payments.pg.refund.poll-interval=200ms",
                    // a cancel and a look-up of 3 s each fit well within it; a killed worker's cancels resume sooner
                    "--payments.pg.refund.lease=20s",
                    // virtual accounts due in a few seconds are swept soon after their deadline, as expiries are
                    "--payments.expiry.sweep-interval=1s",
                    // the fault suite reconciles each scenario's window by hand at its end (POST
                    // /actuator/reconciliation, which works either way): no scheduled run may find its drift first, or
                    // ask the PG between the two manual runs
                    "--payments.reconciliation.enabled=false",
                    // the migrations run as the tables' owner, as in production: the roles script PostgreSQL's node
                    // runs at every start then has no table to hand over to the owner, which it would otherwise do
                    // under the workers' traffic after a restart (ALTER ... OWNER against their inserts: a deadlock
                    // that stopped the node)
                    "--spring.flyway.url=" + databaseUrl(),
                    "--spring.flyway.user=" + SCHEMA_OWNER,
                    "--spring.flyway.password=" + SCHEMA_OWNER));
            args.addAll(extraArgs);
            List<String> jvm = new ArrayList<>(jvmOptions(WORKER_HEAP));
            jvm.addAll(jvmOptions);
            worker = new Worker(
                    new ManagedProcess(
                            "worker-" + (workers.size() + 1),
                            jvm,
                            WorkerApplication.class.getName(),
                            args,
                            runDir.resolve("worker-" + (workers.size() + 1) + ".log")),
                    port,
                    group);
            workers.add(worker);
        }
        worker.process().start();
        return worker;
    }

    public void startSandbox(SandboxFaults faults) {
        List<String> args = new ArrayList<>(springArgs(
                sandboxPort,
                // the sandbox uses no database; only the shared classpath (JPA) makes Boot look for one
                "--spring.flyway.enabled=false",
                "--payments.sandbox.public-url=" + sandboxUrl(),
                "--payments.sandbox.secret-key=" + PG_SECRET_KEY,
                "--payments.sandbox.client-key=" + PG_CLIENT_KEY,
                // unsigned, as Toss sends payment webhooks: the edge (no webhook secret) takes each as a hint
                "--payments.sandbox.webhook-url=" + edgeUrl() + "/pg/webhooks",
                "--payments.sandbox.webhook-time-scale=0.01",
                "--payments.sandbox.never-answer-max-hold=5s"));
        args.addAll(faults.args());
        synchronized (this) {
            sandbox = process("sandbox", "-Xmx384m", SandboxApplication.class.getName(), args);
            sandboxFaults = faults;
        }
        sandbox.start();
        awaitReady(sandbox, () -> status(sandboxUrl() + "/sandbox/v1/ledger") == 200);
    }

    /** Replaces the sandbox with one injecting {@code faults}. The sandbox keeps nothing: do it while the system is quiet. */
    public void restartSandbox(SandboxFaults faults) {
        sandbox.stop();
        startSandbox(faults);
    }

    private void startEdge() {
        edge.start();
        awaitReady(edge, () -> healthUp(edgeUrl()));
    }

    /** Stops everything, newest first: edge, workers, sandbox, PostgreSQL, Kafka. Safe to call twice. */
    @Override
    public synchronized void close() {
        List<ManagedProcess> all = new ArrayList<>();
        all.add(edge);
        workers.forEach(w -> all.add(w.process()));
        if (sandbox != null) {
            all.add(sandbox);
        }
        all.parallelStream().forEach(ManagedProcess::stop);
        postgres.stop();
        killOrphanPostgres();
        kafka.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

    private ManagedProcess process(String name, String heap, String mainClass, List<String> args) {
        return new ManagedProcess(name, jvmOptions(heap), mainClass, args, runDir.resolve(name + ".log"));
    }

    private static List<String> jvmOptions(String heap) {
        return List.of(heap, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    }

    private List<String> springArgs(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                // the suite's own keys, the worker's local event key, a sandbox on plain http: a local run
                "--spring.profiles.active=" + SecretsGuard.LOCAL_PROFILE,
                "--spring.main.banner-mode=off",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                "--spring.datasource.url=" + jdbcUrl(),
                "--spring.datasource.username=" + LocalPostgres.USER,
                "--spring.datasource.password=" + LocalPostgres.USER));
        args.addAll(List.of(extra));
        return args;
    }

    private void awaitReady(ManagedProcess process, BooleanSupplier ready) {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.alive()) {
                    throw new ProcessDied();
                }
                return ready.getAsBoolean();
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    process.name() + " did not come up (" + e.getMessage() + "); its log ends with:\n"
                            + process.tail(40),
                    e);
        }
    }

    /** Thrown inside a readiness wait, so that a process that died is reported at once. */
    private static final class ProcessDied extends RuntimeException {
        ProcessDied() {
            super("the process exited");
        }
    }

    private boolean kafkaAnswers() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private boolean postgresAnswers() {
        try (Connection c = DriverManager.getConnection(jdbcUrl())) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    private boolean healthUp(String baseUrl) {
        return status(baseUrl + "/actuator/health") == 200;
    }

    private int status(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** If the node process was killed before its hook ran, the postmaster it started is still there: stop it. */
    private void killOrphanPostgres() {
        postmaster().ifPresent(pg -> {
            pg.destroy();
            pg.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
    }

    /** The running PostgreSQL server of this stack, from its {@code postmaster.pid}. */
    private Optional<ProcessHandle> postmaster() {
        Path pidFile = runDir.resolve("data").resolve("postgres").resolve("postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8)
                        .getFirst()
                        .strip();
                return ProcessHandle.of(Long.parseLong(first))
                        .filter(pg -> pg.info().command().orElse("").contains("postgres"));
            }
        } catch (IOException | RuntimeException e) {
            // the server is gone already (or the file was half-written)
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
