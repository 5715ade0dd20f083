package dev.payments.edge.benchmark;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /benchmark/noop}: the baseline of the edge's benchmark. It takes the same way through Tomcat, the
 * filters (log context, body limit, rate limit), the interceptors and Spring MVC as issuance does, reads a JSON body
 * of any size up to the limit and answers a tiny JSON with 202, but parses, validates, reads and writes nothing: the
 * benchmark divides issuance's requests/s by this endpoint's to show what the edge's own work costs. Off by default
 * ({@code payments.edge.benchmark.noop-endpoint=true} turns it on), so a deployed edge never serves it.
 */
@RestController
@ConditionalOnProperty(name = "payments.edge.benchmark.noop-endpoint", havingValue = "true")
class NoopController {

    static final String PATH = "/benchmark/noop";

    /** The answer: how many body bytes were read, so that the body is consumed as issuance's is. */
    record NoopAnswer(int received) {}

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<NoopAnswer> noop(@RequestBody byte[] body) {
        return ResponseEntity.accepted().body(new NoopAnswer(body.length));
    }
}
