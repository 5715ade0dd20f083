package dev.payments.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp.Response;
import tools.jackson.databind.JsonNode;

/** Assertions on the edge's RFC 9457 answers. */
public final class Problems {

    private Problems() {}

    /** A problem+json answer with this status, a title and a detail. */
    public static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    /** A 400 problem whose {@code errors} and detail name {@code field}. */
    public static void assertValidationProblem(Response response, String field) {
        assertProblem(response, 400);
        assertThat(response.errorFields()).contains(field);
        assertThat(response.json().get("detail").asString()).contains(field);
    }
}
