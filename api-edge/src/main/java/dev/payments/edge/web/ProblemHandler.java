package dev.payments.edge.web;

import dev.payments.edge.EdgeProperties;
import dev.payments.edge.EventNotAcceptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error the edge answers is an RFC 9457 {@code application/problem+json} document. Validation problems list the
 * offending fields in {@code errors}; no detail ever repeats a submitted value (it could be a token or a key). A
 * feature's own refusals (an unknown order, a conflicting issuance) are Spring's {@code ErrorResponseException}s that
 * carry their status and detail, so this handler knows no feature.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final long retryAfterSeconds;

    ProblemHandler(EdgeProperties properties) {
        this.retryAfterSeconds = Math.max(1, properties.edge().retryAfter().toSeconds());
    }

    @ExceptionHandler(RequestValidationException.class)
    ResponseEntity<Object> invalidRequest(RequestValidationException e, WebRequest request) {
        return validationProblem(e.problems(), request);
    }

    @ExceptionHandler(UnauthenticatedException.class)
    ResponseEntity<Object> unauthenticated(UnauthenticatedException e, WebRequest request) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, e.challenge());
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage(), headers, request);
    }

    @ExceptionHandler(EventNotAcceptedException.class)
    ResponseEntity<Object> kafkaUnavailable(EventNotAcceptedException e, WebRequest request) {
        return unavailable("The event could not be stored right now; nothing was accepted. Retry later.", request);
    }

    /** The database is down or slow (not a programming error, which stays a 500). */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<Object> databaseUnavailable(DataAccessException e, WebRequest request) {
        log.warn("order store query failed: {}", e.toString());
        return unavailable("The order store is not reachable right now. Retry later.", request);
    }

    /**
     * Tomcat refuses to read a query string with broken percent-encoding, invalid UTF-8 or a parameter without a name.
     * The exception's message quotes the raw parameter (possibly a token), so it is neither logged nor repeated.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> malformedQuery(InvalidParameterException e, WebRequest request) {
        return validationProblem(
                List.of(new FieldProblem(
                        "query",
                        "must be a well-formed query string (valid percent-encoding of UTF-8, every parameter named)")),
                request);
    }

    @ExceptionHandler(RequestBodyTooLargeException.class)
    ResponseEntity<Object> bodyTooLarge(RequestBodyTooLargeException e, WebRequest request) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE, RequestBodyLimitFilter.tooLarge(e.limit()), new HttpHeaders(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("unexpected error answering {}", request.getDescription(false), e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; nothing was accepted.",
                new HttpHeaders(),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        e.getBindingResult().getFieldErrors().forEach(error -> problems.add(fieldProblem(error)));
        e.getBindingResult().getGlobalErrors().forEach(error -> problems.add(new FieldProblem("body", message(error))));
        return validationProblem(problems, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            if (result instanceof ParameterErrors errors) {
                errors.getFieldErrors().forEach(error -> problems.add(fieldProblem(error)));
                errors.getGlobalErrors().forEach(error -> problems.add(new FieldProblem("body", message(error))));
            } else {
                String name = result.getMethodParameter().getParameterName();
                result.getResolvableErrors()
                        .forEach(error ->
                                problems.add(new FieldProblem(name == null ? "parameter" : name, message(error))));
            }
        }
        if (problems.isEmpty()) {
            problems.add(new FieldProblem("request", "is invalid"));
        }
        return validationProblem(problems, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyTooLargeException tooLarge = causeOfType(e, RequestBodyTooLargeException.class);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge, request);
        }
        MismatchedInputException mismatch = causeOfType(e, MismatchedInputException.class);
        if (mismatch != null && mismatch.getPath().isEmpty()) {
            return validationProblem(List.of(new FieldProblem("body", "must be a JSON object")), request);
        }
        if (mismatch != null) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            Class<?> target = mismatch.getTargetType();
            String expectation = target != null && Number.class.isAssignableFrom(boxed(target))
                    ? "must be an integer"
                    : target == String.class ? "must be a string" : "has the wrong type";
            return validationProblem(List.of(new FieldProblem(field, expectation)), request);
        }
        JacksonException json = causeOfType(e, JacksonException.class);
        if (json != null
                && !json.getPath().isEmpty()
                && json.getPath().getFirst().getPropertyName() != null) {
            // e.g. a number too large for its type
            String field = json.getPath().getFirst().getPropertyName();
            return validationProblem(List.of(new FieldProblem(field, "has an invalid value")), request);
        }
        String message = json != null ? "is not well-formed JSON" : "is required and must be a JSON object";
        return validationProblem(List.of(new FieldProblem("body", message)), request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // problem+json whatever the client accepts: RFC 9457 everywhere, also for browsers following a PG redirect
        var problemHeaders = new HttpHeaders();
        problemHeaders.addAll(headers);
        if (body instanceof ProblemDetail) {
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return new ResponseEntity<>(body, problemHeaders, status);
    }

    private ResponseEntity<Object> validationProblem(List<FieldProblem> problems, WebRequest request) {
        String fields = problems.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request: " + fields);
        body.setTitle("Invalid request");
        body.setProperty("errors", problems);
        return createResponseEntity(body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    private ResponseEntity<Object> unavailable(String detail, WebRequest request) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return problem(HttpStatus.SERVICE_UNAVAILABLE, detail, headers, request);
    }

    private ResponseEntity<Object> problem(HttpStatus status, String detail, HttpHeaders headers, WebRequest request) {
        return createResponseEntity(ProblemDetail.forStatusAndDetail(status, detail), headers, status, request);
    }

    private static FieldProblem fieldProblem(FieldError error) {
        return new FieldProblem(error.getField(), message(error));
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static Class<?> boxed(Class<?> type) {
        if (type == long.class) return Long.class;
        if (type == int.class) return Integer.class;
        return type;
    }

    private static <T extends Throwable> @Nullable T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
