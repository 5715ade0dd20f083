package dev.payments.edge.benchmark;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /benchmark/noop}: reads a JSON body of any size up to the limit and answers 202 with how many bytes it
 * read, parsing, validating, reading and writing nothing. Served only with
 * {@code payments.edge.benchmark.noop-endpoint=true}.
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
