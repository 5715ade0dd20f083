package dev.payments.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One of Kafka's own console tools ({@code kafka-console-producer.sh} / {@code kafka-console-consumer.sh}: the classes
 * of the {@code kafka-tools} artifact those scripts run) in a separate OS process, as a shop or an operator on the same
 * machine would run it against the launcher's broker. Its standard output is collected line by line.
 */
final class OutsideKafkaClient implements AutoCloseable {

    static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private OutsideKafkaClient(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(this::collectOutput);
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM on this test's classpath; logs go to {@code logDir}. */
    static OutsideKafkaClient start(Path logDir, String mainClass, String... args) throws IOException {
        Path logback = logDir.resolve("outside-client-logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="ERR"/></root>
                </configuration>
                """);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + logback,
                mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(
                        logDir.resolve(simpleName(mainClass) + ".stderr.log").toFile())
                .start();
        return new OutsideKafkaClient(process);
    }

    /** Writes these lines to the tool's standard input and closes it (the console producer then sends and exits). */
    void writeAndClose(String... lines) throws IOException {
        try (OutputStream in = process.getOutputStream()) {
            for (String line : lines) {
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The exit code, waiting at most {@code timeout}; -1 if it is still running. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    List<String> output() {
        return List.copyOf(output);
    }

    private void collectOutput() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(output unreadable: " + e + ")");
        }
    }

    private static String simpleName(String mainClass) {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    /** Ends the process this test started (the console consumer runs until told otherwise). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        reader.join(Duration.ofSeconds(5));
    }
}
