package dev.payments.edge.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Enforces {@link MerchantOnly} before argument resolution (and so before body validation). */
class MerchantOnlyInterceptor implements HandlerInterceptor {

    private final MerchantKey merchantKey;

    MerchantOnlyInterceptor(MerchantKey merchantKey) {
        this.merchantKey = merchantKey;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(MerchantOnly.class)) {
            merchantKey.require(request);
        }
        return true;
    }
}
