package dev.payments.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: request targets no URI class would accept, repeated or
 * malformed headers, a Content-Length that does not match the body. Every request closes its connection.
 */
public final class RawHttp {

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** One request: {@code headers} are name/value pairs sent in order, {@code body} may be empty. */
    public Response send(String method, String target, List<String[]> headers, byte[] body) {
        return send(method, target, headers, body, null);
    }

    /**
     * @param localAddress the local address to connect from (e.g. 127.0.0.2, so that one test can be several clients),
     *     or null for any
     */
    public Response send(String method, String target, List<String[]> headers, byte[] body, InetAddress localAddress) {
        var head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: localhost:")
                .append(port)
                .append("\r\n")
                .append("Connection: close\r\n");
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                socket.shutdownOutput(); // a body shorter than its Content-Length ends here
            } catch (SocketException closedEarly) {
                // the server answered and closed before reading all of it (e.g. a refused header); read the answer
            }
            return Response.parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("request " + method + " " + abbreviated(target) + " failed", e);
        }
    }

    private static String abbreviated(String target) {
        return target.length() > 200 ? target.substring(0, 200) + "..." : target;
    }

    /** A parsed answer; {@code raw} is every byte of it (status line, headers, body) as ISO-8859-1 text. */
    public record Response(int status, Map<String, List<String>> headers, String body, String raw) {

        static Response parse(byte[] bytes) throws IOException {
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = raw.indexOf("\r\n\r\n");
            if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
                throw new IOException("not an HTTP answer: " + raw.substring(0, Math.min(raw.length(), 200)));
            }
            String[] lines = raw.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            byte[] content = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
                content = dechunked(content);
            }
            return new Response(status, headers, new String(content, StandardCharsets.UTF_8), raw);
        }

        private static byte[] dechunked(byte[] content) throws IOException {
            var out = new ByteArrayOutputStream();
            InputStream in = new java.io.ByteArrayInputStream(content);
            while (true) {
                var size = new StringBuilder();
                int c;
                while ((c = in.read()) != '\n') {
                    if (c < 0) {
                        throw new IOException("chunked body ends early");
                    }
                    if (c != '\r') {
                        size.append((char) c);
                    }
                }
                int length = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
                if (length == 0) {
                    return out.toByteArray();
                }
                out.write(in.readNBytes(length));
                in.readNBytes(2);
            }
        }

        public Optional<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream()
                    .findFirst();
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }
}
