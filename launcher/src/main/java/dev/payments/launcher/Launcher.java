package dev.payments.launcher;

/**
 * {@code java -jar launcher-exec.jar [--reset] [--data-dir=...] [--edge-port=...]}: runs the whole system on its
 * embedded defaults until Ctrl-C (SIGTERM), which stops it in reverse order.
 */
public final class Launcher {

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
            e.printStackTrace();
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping: edge, worker, PG sandbox, PostgreSQL, Kafka ...");
                            stack.close();
                            System.out.println("Stopped.");
                        },
                        "local-stack-stop"));
        System.out.println(stack.summary());
    }
}
