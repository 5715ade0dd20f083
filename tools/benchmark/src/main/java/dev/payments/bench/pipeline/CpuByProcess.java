package dev.payments.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time used so far by each process of the stack (a child of this JVM, named by its main class, with everything it
 * started: PostgreSQL's server and backends count as "postgres"), by this JVM (the benchmark's own producer and
 * watcher) and by the whole machine ({@code /proc/stat}). Two snapshots give where a run's CPU went.
 */
public record CpuByProcess(Map<String, Duration> used, Duration machine, Duration wall) {

    private static final Map<String, String> NAMES = Map.of(
            "KafkaNode", "kafka",
            "PostgresNode", "postgres",
            "SandboxApplication", "pg-sandbox",
            "EdgeApplication", "api-edge",
            "WorkerApplication", "worker");

    /**
     * @param postgresServer PostgreSQL's postmaster: {@code pg_ctl} starts it detached, so it is no descendant of the
     *     process that started it
     */
    public static CpuByProcess now(Optional<ProcessHandle> postgresServer) {
        Map<String, Duration> used = new TreeMap<>();
        ProcessHandle.current()
                .children()
                .forEach(child -> used.merge(name(child), withDescendants(child), Duration::plus));
        postgresServer.ifPresent(server -> used.merge("postgres", withDescendants(server), Duration::plus));
        used.put("benchmark", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return new CpuByProcess(used, machineBusy(), Duration.ofNanos(System.nanoTime()));
    }

    private static Duration withDescendants(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** What the process of that name used (zero when there is none). */
    public Duration of(String name) {
        return used.getOrDefault(name, Duration.ZERO);
    }

    /** What each process used between {@code before} and this snapshot. */
    public CpuByProcess minus(CpuByProcess before) {
        Map<String, Duration> used = new TreeMap<>();
        this.used.forEach((name, cpu) -> used.put(name, cpu.minus(before.used.getOrDefault(name, Duration.ZERO))));
        return new CpuByProcess(used, machine.minus(before.machine), wall.minus(before.wall));
    }

    /** From {@code /proc/<pid>/cmdline}: {@link ProcessHandle.Info#arguments()} is cut short by a long classpath. */
    private static String name(ProcessHandle process) {
        List<String> args;
        try {
            args = List.of(Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
                    .split("\0"));
        } catch (IOException | RuntimeException e) {
            return "other";
        }
        for (String arg : args) {
            String simple = arg.substring(arg.lastIndexOf('.') + 1);
            if (NAMES.containsKey(simple)) {
                return NAMES.get(simple);
            }
        }
        return "other";
    }

    /** Busy CPU time of the whole machine (every core): user, nice, system, irq, softirq, steal. */
    private static Duration machineBusy() {
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(cpu[i]);
            }
            // USER_HZ is 100 on Linux
            return Duration.ofMillis(ticks * 10);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }
}
