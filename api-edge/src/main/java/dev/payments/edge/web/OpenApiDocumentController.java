package dev.payments.edge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openapi.yaml}: the edge's OpenAPI document, byte for byte the classpath resource
 * {@code openapi/api-edge.yaml} of the schemas module.
 *
 * <p>Deliberately unauthenticated: the document is the public contract of the edge and holds no secrets (no keys, no
 * tokens, no internal addresses beyond the local default server URL).
 */
@RestController
class OpenApiDocumentController {

    static final String RESOURCE = "openapi/api-edge.yaml";
    static final MediaType APPLICATION_YAML = MediaType.parseMediaType("application/yaml");

    private final byte[] document;

    OpenApiDocumentController() {
        try (InputStream in =
                new ClassPathResource(RESOURCE, OpenApiDocumentController.class.getClassLoader()).getInputStream()) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI document " + RESOURCE + " is not on the classpath", e);
        }
    }

    @GetMapping("/openapi.yaml")
    ResponseEntity<byte[]> openApi() {
        return ResponseEntity.ok()
                .contentType(APPLICATION_YAML)
                .cacheControl(CacheControl.noCache())
                .header("X-Content-Type-Options", "nosniff")
                .body(document);
    }
}
