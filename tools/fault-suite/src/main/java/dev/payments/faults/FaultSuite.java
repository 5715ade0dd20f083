package dev.payments.faults;

import static org.awaitility.Awaitility.await;

import dev.payments.faults.check.FaultWindow;
import dev.payments.faults.check.Figures;
import dev.payments.faults.check.InvariantChecker;
import dev.payments.faults.check.Reconciliations;
import dev.payments.faults.check.ReplayCheck;
import dev.payments.faults.load.LoadGenerator;
import dev.payments.faults.stack.ProcessStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs fault scenarios against one {@link ProcessStack}: for each, a load through the edge while the scenario's faults
 * happen, then the invariant check of that scenario's orders; at the end, optionally, the replay of the whole input
 * topic into a fresh consumer group.
 *
 * <p>Command line (the long version; {@code ./fault-suite.sh} builds and runs it): {@code FaultSuite [--orders=N]
 * [--scenario=all|baseline,kill-worker,...] [--concurrency=C] [--no-replay]}. It prints one figures table per scenario
 * (also written to {@code figures.md} in the run folder) and exits 1 if any invariant broke.
 */
public final class FaultSuite {

    /** How long a stopped broker or database stays down, unless the load ends first. */
    private static final Duration DOWN_FOR = Duration.ofSeconds(5);
    /** The reconciliation's window starts this long before the scenario's load. */
    private static final Duration WINDOW_LEAD = Duration.ofMinutes(1);

    private final ProcessStack stack;
    private final InvariantChecker checker;
    private final Reconciliations reconciliations;
    private final String run;
    private final int concurrency;
    private final int refundOrdersPerKind;

    /**
     * @param refundOrdersPerKind at most this many orders of each refund kind, of the approvals behind our back and of
     *     each drift kind per scenario (a smoke run keeps them few)
     */
    public FaultSuite(ProcessStack stack, String run, int concurrency, int refundOrdersPerKind) {
        this.stack = stack;
        this.run = run;
        this.concurrency = concurrency;
        this.refundOrdersPerKind = refundOrdersPerKind;
        this.checker = new InvariantChecker(stack.jdbcUrl(), stack.bootstrapServers(), stack.sandboxUrl());
        this.reconciliations = new Reconciliations(checker, stack.jdbcUrl(), stack.sandboxUrl());
    }

    /**
     * Where the last scenario's reconciliation ended: the next one's window starts no earlier, so that it holds only its
     * own scenario's orders (a sandbox started anew between scenarios forgot the earlier ones' transactions).
     */
    private Instant reconciledUpTo = Instant.MIN;

    /**
     * Runs one scenario with {@code orders} edge orders (plus a tenth of that as shop orders) and checks it: once the
     * orders have settled, a reconciliation of the scenario's window (two MANUAL runs on a worker, the second once the
     * first one's heals were applied), then every invariant.
     */
    public Figures run(Scenario scenario, int orders) {
        if (!stack.sandboxFaults().equals(scenario.sandboxFaults())) {
            stack.restartSandbox(scenario.sandboxFaults());
        }
        while (stack.workers().size() < scenario.workersAtStart()) {
            stack.startWorker();
        }
        String prefix = scenario.prefix(run);
        LoadGenerator load = new LoadGenerator(
                stack.edgeUrl(),
                stack.sandboxUrl(),
                stack.bootstrapServers(),
                ProcessStack.MERCHANT_KEY,
                ProcessStack.PG_SECRET_KEY,
                new LoadGenerator.Settings(
                        prefix,
                        orders,
                        Math.max(1, orders / 10),
                        concurrency,
                        scenario.pgFaults(),
                        refundOrdersPerKind,
                        orders));
        Instant start = Instant.now();
        CompletableFuture<Void> running = load.start();
        List<FaultWindow> faults = new ArrayList<>();
        switch (scenario) {
            case BASELINE, SANDBOX_FAULTS -> {}
            case KILL_WORKER -> killAndRestartWorker(load, running, 0.3, faults);
            case BROKER_RESTART -> restartBroker(load, running, 0.3, faults);
            case POSTGRES_RESTART -> restartPostgres(load, running, 0.3, faults);
            case POSTGRES_CRASH ->
                restart(
                        "PostgreSQL killed (SIGKILL) and started",
                        load,
                        running,
                        0.3,
                        faults,
                        stack::crashPostgres,
                        stack::startPostgres);
            case REBALANCE -> {
                addWorker(load, running, 0.25, faults);
                killWorker(load, running, 0.55, faults);
            }
            case ALL_TOGETHER -> {
                killAndRestartWorker(load, running, 0.15, faults);
                restartBroker(load, running, 0.35, faults);
                restartPostgres(load, running, 0.55, faults);
                addWorker(load, running, 0.7, faults);
                killWorker(load, running, 0.8, faults);
            }
        }
        running.join();
        Duration loadTime = Duration.between(start, Instant.now());
        stack.awaitWorkersReady();
        Duration patience = Duration.ofMinutes(3).plusMillis(orders * 20L);
        checker.awaitQuiet(prefix, load.orders(), patience, false);
        Instant from = start.minus(WINDOW_LEAD).isAfter(reconciledUpTo) ? start.minus(WINDOW_LEAD) : reconciledUpTo;
        Reconciliations.Report reconciliation = reconciliations.reconcile(
                "http://localhost:" + stack.workers().getFirst().port(),
                from,
                Instant.now(),
                load.orders(),
                () -> checker.awaitQuiet(prefix, load.orders(), patience, true));
        reconciledUpTo = Instant.now();
        return checker.check(
                scenario.name() + " (" + scenario.description() + ")",
                prefix,
                load.orders(),
                loadTime,
                load.retries(),
                faults,
                reconciliation);
    }

    /** The whole input topic replayed into a fresh consumer group: nothing may change. */
    public ReplayCheck.Result replay() {
        return new ReplayCheck(stack).run(Duration.ofMinutes(10));
    }

    private void killAndRestartWorker(
            LoadGenerator load, CompletableFuture<Void> running, double at, List<FaultWindow> faults) {
        load.awaitProgress(at, running);
        ProcessStack.Worker victim = stack.workers().getFirst();
        Instant killed = Instant.now();
        victim.process().kill();
        holdWhileRunning(running, Duration.ofSeconds(2));
        Instant restarted = Instant.now();
        stack.launchWorker();
        faults.add(new FaultWindow("kill -9 " + victim.process().name() + ", new worker started", killed, restarted));
    }

    private void killWorker(LoadGenerator load, CompletableFuture<Void> running, double at, List<FaultWindow> faults) {
        load.awaitProgress(at, running);
        ProcessStack.Worker victim = stack.workers().getFirst();
        Instant killed = Instant.now();
        victim.process().kill();
        faults.add(new FaultWindow(
                "kill -9 " + victim.process().name() + " (" + stack.workers().size() + " left)", killed, killed));
    }

    private void addWorker(LoadGenerator load, CompletableFuture<Void> running, double at, List<FaultWindow> faults) {
        load.awaitProgress(at, running);
        Instant asked = Instant.now();
        ProcessStack.Worker added = stack.launchWorker();
        faults.add(new FaultWindow(
                added.process().name() + " added (" + stack.workers().size() + " workers)", asked, asked));
    }

    private void restartBroker(
            LoadGenerator load, CompletableFuture<Void> running, double at, List<FaultWindow> faults) {
        restart("Kafka broker stopped and started", load, running, at, faults, stack::stopKafka, stack::startKafka);
    }

    private void restartPostgres(
            LoadGenerator load, CompletableFuture<Void> running, double at, List<FaultWindow> faults) {
        restart("PostgreSQL stopped and started", load, running, at, faults, stack::stopPostgres, stack::startPostgres);
    }

    private static void restart(
            String what,
            LoadGenerator load,
            CompletableFuture<Void> running,
            double at,
            List<FaultWindow> faults,
            Runnable stop,
            Runnable start) {
        load.awaitProgress(at, running);
        Instant stopped = Instant.now();
        stop.run();
        holdWhileRunning(running, DOWN_FOR);
        Instant restarted = Instant.now();
        start.run();
        faults.add(new FaultWindow(what, stopped, restarted));
    }

    /** Keeps a fault in place for {@code duration}, or until the load has ended. */
    private static void holdWhileRunning(CompletableFuture<Void> running, Duration duration) {
        try {
            await().atMost(duration).pollInterval(Duration.ofMillis(100)).until(running::isDone);
        } catch (ConditionTimeoutException faultHeldLongEnough) {
            // the fault was in place for the whole duration while orders kept coming
        }
    }

    public static void main(String[] args) {
        int orders = 1_000;
        int concurrency = 32;
        boolean replay = true;
        List<Scenario> scenarios = List.of(Scenario.values());
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "--orders" -> orders = Integer.parseInt(kv[1]);
                case "--concurrency" -> concurrency = Integer.parseInt(kv[1]);
                case "--no-replay" -> replay = false;
                case "--scenario" -> scenarios = Scenario.parse(kv[1]);
                default -> {
                    System.err.println(
                            "unknown option " + arg
                                    + "\nusage: FaultSuite [--orders=N] [--scenario=all|baseline,kill-worker,broker-restart,"
                                    + "postgres-restart,postgres-crash,rebalance,sandbox-faults,all-together] [--concurrency=C] [--no-replay]");
                    System.exit(2);
                }
            }
        }
        String run = "r" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"));
        Path runDir =
                Path.of("tools", "fault-suite", "target", "fault-runs", run).toAbsolutePath();
        System.out.printf(
                "Fault suite run %s: %d orders per scenario (+%d shop orders), scenarios %s; logs in %s%n",
                run, orders, Math.max(1, orders / 10), scenarios, runDir);
        boolean allHold = true;
        Instant started = Instant.now();
        Scenario first = scenarios.getFirst();
        try (ProcessStack stack = ProcessStack.start(runDir, first.workersAtStart(), first.sandboxFaults())) {
            System.out.printf(
                    "Stack up in %.1f s%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            FaultSuite suite = new FaultSuite(stack, run, concurrency, Integer.MAX_VALUE);
            StringBuilder summary = new StringBuilder(Figures.summaryHeader());
            for (Scenario scenario : scenarios) {
                Figures figures = suite.run(scenario, orders);
                allHold &= figures.violations().isEmpty();
                report(runDir, figures.table() + figures.reconciliation().text() + examples(figures));
                summary.append(figures.summaryRow(scenario.name().toLowerCase().replace('_', '-')));
            }
            report(runDir, "Summary\n\n" + summary);
            if (replay) {
                ReplayCheck.Result result = suite.replay();
                allHold &= result.nothingChanged();
                report(runDir, result.table());
            }
        }
        report(
                runDir,
                "Whole run: %.1f min on %d cores, invariants %s%n"
                        .formatted(
                                Duration.between(started, Instant.now()).toSeconds() / 60.0,
                                Runtime.getRuntime().availableProcessors(),
                                allHold ? "all hold" : "BROKEN"));
        System.exit(allHold ? 0 : 1);
    }

    private static String examples(Figures figures) {
        return figures.examples().isEmpty() ? "" : "examples:\n  " + String.join("\n  ", figures.examples()) + "\n";
    }

    private static void report(Path runDir, String text) {
        System.out.println(text);
        try {
            Files.writeString(
                    runDir.resolve("figures.md"),
                    text + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
