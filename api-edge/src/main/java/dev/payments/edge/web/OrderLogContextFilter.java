package dev.payments.edge.web;

import dev.payments.support.logging.OrderLogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Log lines written while a request is handled carry the order it is about (MDC {@code orderId}): taken from the
 * path ({@code /api/v1/orders/{orderId}}) or the PG's redirect parameters by {@link #INTERCEPTOR}, or put by the code
 * that learns it from a validated body (issuance, webhooks). This filter, outermost, clears it whatever happens, so a
 * servlet thread (or a reused carrier) never carries one request's orderId into the next.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OrderLogContextFilter extends OncePerRequestFilter {

    /** Puts the orderId once the handler and its path variables are known; only values of the contract's shape. */
    static final HandlerInterceptor INTERCEPTOR = new HandlerInterceptor() {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            String orderId = variables instanceof Map<?, ?> map && map.get("orderId") instanceof String fromPath
                    ? fromPath
                    : singleOrderIdParameter(request);
            OrderLogContext.putUntilCleared(orderId);
            return true;
        }
    };

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            OrderLogContext.clear();
        }
    }

    /** The PG may repeat {@code orderId} in its redirect; only agreeing values name an order. */
    private static String singleOrderIdParameter(HttpServletRequest request) {
        String[] values = request.getParameterValues("orderId");
        if (values == null || values.length == 0) {
            return null;
        }
        for (String value : values) {
            if (!values[0].equals(value)) {
                return null;
            }
        }
        return values[0];
    }
}
