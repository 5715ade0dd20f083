package dev.payments.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar launcher-exec.jar [--reset] [--data-dir=...] [--edge-port=...] [--shop-port=...]}: runs the whole system on its
 * embedded defaults until Ctrl-C (SIGTERM), which stops it in reverse order. What it prints on the console (where
 * everything is, how to stop it) is the user interface of a command-line tool, so it goes to standard output.
 */
public final class Launcher {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {}

    public static void main(String[] args) {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.reset()) {
            System.out.println("Resetting the data folder "
                    + options.dataDir().toAbsolutePath().normalize());
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (RuntimeException e) {
            log.error("The local stack did not start", e);
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping: shop, edge, worker, PG sandbox, PostgreSQL, Kafka ...");
                            stack.close();
                            System.out.println("Stopped.");
                        },
                        "local-stack-stop"));
        System.out.println(stack.summary());
    }
}
