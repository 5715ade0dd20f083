package dev.payments.faults.load;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.core.ConditionTimeoutException;

/**
 * HTTP as a patient client sees it: a call the system cannot take right now (connection refused, a timeout, a 5xx such
 * as the edge's 503 while Kafka is away) is sent again with back-off until it is answered or {@code patience} runs
 * out. A 4xx is an answer, returned as is. Redirects are never followed.
 */
final class Http {

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Duration patience;
    private final LongAdder retries = new LongAdder();

    Http(Duration patience) {
        this.patience = patience;
    }

    /** How many calls were sent again so far. */
    long retries() {
        return retries.sum();
    }

    HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> first = once(request);
        if (first != null && first.statusCode() < 500) {
            return first;
        }
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        try {
            await().atMost(patience)
                    .pollInSameThread()
                    .pollDelay(Duration.ofMillis(200))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        retries.increment();
                        HttpResponse<String> response = once(request);
                        if (response != null && response.statusCode() < 500) {
                            answer.set(response);
                            return true;
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "no answer below 500 from " + request.method() + " "
                            + request.uri().getPath() + " within " + patience,
                    e);
        }
        return answer.get();
    }

    /** One attempt, for a call that must never be made twice (a cancel that would give back more each time). */
    HttpResponse<String> sendOnce(HttpRequest request) {
        HttpResponse<String> response = once(request);
        if (response == null) {
            throw new IllegalStateException(
                    "no answer from " + request.method() + " " + request.uri().getPath() + " (not sent again)");
        }
        return response;
    }

    private HttpResponse<String> once(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
