package dev.payments.sandbox.api;

import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A finished API answer: status and the exact JSON bytes, so that an idempotent replay is byte-identical. */
record ApiResponse(int status, byte[] body) {

    static final MediaType JSON = new MediaType("application", "json", StandardCharsets.UTF_8);

    ResponseEntity<byte[]> toEntity() {
        return ResponseEntity.status(status).contentType(JSON).body(body);
    }
}
