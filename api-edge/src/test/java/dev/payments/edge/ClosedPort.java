package dev.payments.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A local port nothing listens on: a broker or database that is down. */
public final class ClosedPort {

    private ClosedPort() {}

    /** {@code 127.0.0.1:<port>} of a port that was free a moment ago and that nothing opened since. */
    public static String address() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
