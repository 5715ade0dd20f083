package dev.payments.edge.web;

/**
 * One invalid input of a request, as listed in a 400 problem's {@code errors}. The message says what is expected and
 * never repeats the value, which may be a token.
 */
public record FieldProblem(String field, String message) {}
