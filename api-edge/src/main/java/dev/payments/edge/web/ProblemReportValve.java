package dev.payments.edge.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for requests it refuses before any servlet runs (a malformed request target or query, an
 * encoded slash or NUL in the path, a bad Content-Length, headers over {@code server.max-http-request-header-size}),
 * written as an RFC 9457 problem instead of Tomcat's HTML page, so that every error of the edge is
 * {@code application/problem+json}. Like {@link ProblemErrorController} it never repeats the request, and it never
 * shows a stack trace or the server's version.
 */
public class ProblemReportValve extends ErrorReportValve {

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
            return;
        }
        // also an error set without sendError and left without a body (e.g. the actuator's 404 for an unknown
        // health group): every error of the edge has a problem body
        response.setErrorReported();
        HttpStatus resolved = HttpStatus.resolve(status);
        String title = resolved != null ? resolved.getReasonPhrase() : "Error";
        String detail = status < 500
                ? "The request could not be processed: " + title + "."
                : "An unexpected error occurred; nothing was accepted.";
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"}";
        try {
            response.setContentLength(-1); // a header for the empty body it had
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response committed: nothing more can be said
        }
    }
}
