package dev.payments.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of everything the JVM writes to {@code System.out} and {@code System.err} while it is installed: the log
 * lines of every service of the stack, which log to the console. Unlike Spring's output capture, which pushes and pops
 * a capture per test, one tee serves all the tests of a class that run in parallel: install it once before them and
 * close it after them (classes run one at a time, so no other class swaps the streams meanwhile).
 */
final class OutputTee implements AutoCloseable {

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    /** Its methods are synchronized: the threads of every service write to it at once. */
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private OutputTee() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(tee(originalOut));
        System.setErr(tee(originalErr));
    }

    static OutputTee install() {
        return new OutputTee();
    }

    /** Everything written so far. */
    String text() {
        return copy.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private PrintStream tee(PrintStream original) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        original.write(b);
                        copy.write(b);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        original.write(bytes, offset, length);
                        copy.write(bytes, offset, length);
                    }

                    @Override
                    public void flush() throws IOException {
                        original.flush();
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }
}
