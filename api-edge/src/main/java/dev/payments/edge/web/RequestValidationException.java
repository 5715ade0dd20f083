package dev.payments.edge.web;

import java.util.List;

/** A request refused with 400 because of the listed inputs; nothing was written to Kafka. */
public class RequestValidationException extends RuntimeException {

    private final List<FieldProblem> problems;

    public RequestValidationException(List<FieldProblem> problems) {
        super("invalid request: " + problems.stream().map(FieldProblem::field).toList());
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure names at least one field");
        }
        this.problems = List.copyOf(problems);
    }

    public static RequestValidationException of(String field, String message) {
        return new RequestValidationException(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
