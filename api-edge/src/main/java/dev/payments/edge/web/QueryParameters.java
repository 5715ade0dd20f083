package dev.payments.edge.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates single-valued request parameters, collecting every problem before refusing the request.
 *
 * <p>A PG appends its own parameters to the URLs we hand out, so one it already finds there ({@code orderId}) may
 * arrive twice. Equal duplicates count as one value; differing duplicates are refused, because either value could be
 * the forged one. (Spring's binding would instead join them with a comma.)
 */
public final class QueryParameters {

    private final HttpServletRequest request;
    private final List<FieldProblem> problems = new ArrayList<>();

    private QueryParameters(HttpServletRequest request) {
        this.request = request;
    }

    public static QueryParameters of(HttpServletRequest request) {
        return new QueryParameters(request);
    }

    /**
     * The one value of a parameter given as {@code values} (as from {@link HttpServletRequest#getParameterValues}):
     * empty when absent, the value when all occurrences are equal.
     *
     * @throws ConflictingValuesException when occurrences differ
     */
    public static Optional<String> singleValue(String @Nullable [] values) {
        if (values == null || values.length == 0) {
            return Optional.empty();
        }
        String first = values[0];
        if (Arrays.stream(values).anyMatch(v -> !v.equals(first))) {
            throw new ConflictingValuesException();
        }
        return Optional.of(first);
    }

    /** A required parameter of at most {@code maxLength} characters, or null after recording why not. */
    public @Nullable String required(String name, int maxLength) {
        String value = optional(name, maxLength);
        if (value == null && !hasProblem(name)) {
            problems.add(new FieldProblem(name, "is required"));
        }
        return value;
    }

    /** A required parameter of the shape {@code shape} accepts, or null after recording why not. */
    public @Nullable String required(String name, Predicate<String> shape, String expectation) {
        String value = required(name, Integer.MAX_VALUE);
        if (value != null && !shape.test(value)) {
            problems.add(new FieldProblem(name, expectation));
            return null;
        }
        return value;
    }

    /** An optional parameter of at most {@code maxLength} characters; an empty value counts as absent. */
    public @Nullable String optional(String name, int maxLength) {
        String value;
        try {
            value = singleValue(request.getParameterValues(name)).orElse(null);
        } catch (ConflictingValuesException e) {
            problems.add(new FieldProblem(name, "was given more than once with different values"));
            return null;
        }
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(new FieldProblem(name, "must be at most " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    /** Records a problem found by the caller's own check. */
    public void reject(String name, String message) {
        problems.add(new FieldProblem(name, message));
    }

    public boolean hasProblem(String name) {
        return problems.stream().anyMatch(p -> p.field().equals(name));
    }

    /** Refuses the request with 400 if any parameter was invalid. */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new RequestValidationException(problems);
        }
    }

    /** The occurrences of a parameter differ. */
    public static final class ConflictingValuesException extends RuntimeException {
        ConflictingValuesException() {
            super("differing values", null, false, false);
        }
    }
}
