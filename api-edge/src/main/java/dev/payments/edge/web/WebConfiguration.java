package dev.payments.edge.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final MerchantKey merchantKey;

    WebConfiguration(MerchantKey merchantKey) {
        this.merchantKey = merchantKey;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // first: lines about a refused merchant key carry the orderId of the path too
        registry.addInterceptor(OrderLogContextFilter.INTERCEPTOR);
        registry.addInterceptor(new MerchantOnlyInterceptor(merchantKey));
    }
}
