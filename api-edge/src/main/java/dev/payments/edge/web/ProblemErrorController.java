package dev.payments.edge.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error controller so that errors raised outside Spring MVC (by the container or a filter) are RFC
 * 9457 problems too. The container's message is not repeated: it may quote the request.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus resolved = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        // no status: the error path was requested directly, not forwarded to by the container
        HttpStatus status =
                code == null ? HttpStatus.NOT_FOUND : resolved != null ? resolved : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status,
                status.is4xxClientError()
                        ? "The request could not be processed: " + status.getReasonPhrase() + "."
                        : "An unexpected error occurred; nothing was accepted.");
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // leave instance out rather than fail while reporting an error
            }
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
