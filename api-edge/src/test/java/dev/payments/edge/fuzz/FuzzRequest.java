package dev.payments.edge.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One generated request and what the generator knows about it.
 *
 * @param label what was generated, for the test report (never the secrets: the generator does not know them)
 * @param expectedField the one input the generator made invalid while keeping every other input valid: the answer
 *     must be a 400 naming it; null when the generator cannot tell (several faults, or garbage)
 * @param mayWrite whether a correct edge could accept the request and write an event; false: nothing may be written
 *     whatever the answer
 */
record FuzzRequest(
        String label,
        String method,
        String target,
        List<String[]> headers,
        byte[] body,
        @Nullable String expectedField,
        boolean mayWrite) {

    FuzzRequest withMayWrite(boolean value) {
        return new FuzzRequest(label, method, target, headers, body, expectedField, value);
    }

    @Override
    public String toString() {
        String text = label + ": " + method + " " + target + " "
                + headers.stream().map(h -> h[0]).collect(Collectors.joining(",", "[", "]")) + " "
                + new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
