package dev.payments.faults.stack;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child process: {@code ChildMain <main class> <args...>}. It exits when the process that started
 * it is gone (the suite was killed), through the normal shutdown hooks, so a dead suite never leaves a broker, a
 * PostgreSQL or a worker running behind it; then it runs the real main.
 */
public final class ChildMain {

    private ChildMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain <main class> [args...]");
        }
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(3)));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
