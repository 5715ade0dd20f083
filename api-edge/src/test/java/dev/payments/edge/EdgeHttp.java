package dev.payments.edge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP/1.1 client for the edge under test: redirects are not followed, repeated query parameters and chunked
 * bodies go out exactly as written.
 */
public final class EdgeHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public EdgeHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    public Response get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET());
    }

    public Response postJson(String path, String json, String... headers) {
        return post(path, "application/json", BodyPublishers.ofString(json), headers);
    }

    /** A body without Content-Length (chunked transfer encoding). */
    public Response postChunked(String path, byte[] body, String... headers) {
        return post(
                path, "application/json", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), headers);
    }

    public Response post(String path, String contentType, BodyPublisher body, String... headers) {
        return send(request(path, headers).header("Content-Type", contentType).POST(body));
    }

    public Response delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            var response = client.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        /** The {@code field}s of a 400 problem's {@code errors}. */
        public List<String> errorFields() {
            JsonNode errors = json().get("errors");
            return errors == null
                    ? List.of()
                    : errors.valueStream().map(e -> e.get("field").asString()).toList();
        }
    }
}
