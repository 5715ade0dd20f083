package dev.payments.faults.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM of the stack: how to start it, where its output goes (appended, across restarts), and the two ways it
 * ends: {@link #kill()} is {@code kill -9} (no shutdown hook runs), {@link #stop()} is SIGTERM (hooks run; forced after a
 * grace period).
 */
public final class ManagedProcess {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    ManagedProcess(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log) {
        this.name = name;
        this.log = log;
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildMain.class.getName());
        cmd.add(mainClass);
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    synchronized ManagedProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.writeString(
                    log,
                    "%n==== %s: starting %s%n".formatted(Instant.now(), name),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        return this;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** {@code kill -9}: the process gets no chance to clean up. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM and wait for the shutdown hooks; SIGKILL if they take longer than the grace period. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(STOP_GRACE)) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(10));
            }
        }
    }

    /** The last lines of the log, for a failure message. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + (alive() ? " (pid " + pid() + ")" : " (stopped)");
    }
}
