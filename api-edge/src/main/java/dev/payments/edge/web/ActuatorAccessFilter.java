package dev.payments.edge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the actuator out of anonymous reach on the edge's public port, except health: {@code /actuator/health} and its
 * probes stay open for load balancers and orchestrators; {@code /actuator/prometheus}, the endpoint list and any other
 * endpoint an operator exposes need the merchant key (docs/operations.md says why not a management port). The path is
 * the one the container decoded and normalised, so {@code /actuator/health/../prometheus} is prometheus here too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class ActuatorAccessFilter extends OncePerRequestFilter {

    private final String basePath;
    private final String healthPath;
    private final MerchantKey merchantKey;
    private final ProblemWriter problems;

    ActuatorAccessFilter(
            @Value("${management.endpoints.web.base-path:/actuator}") String basePath,
            MerchantKey merchantKey,
            ProblemWriter problems) {
        this.basePath = basePath;
        this.healthPath = basePath + "/health";
        this.merchantKey = merchantKey;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean actuator = path.equals(basePath) || path.startsWith(basePath + "/");
        boolean health = path.equals(healthPath) || path.startsWith(healthPath + "/");
        return !actuator || health;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (merchantKey.isValid(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, UnauthenticatedException.BEARER_CHALLENGE);
        problems.write(
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                "The actuator's endpoints other than health need the merchant API key as 'Authorization: Bearer"
                        + " <key>'.");
    }
}
