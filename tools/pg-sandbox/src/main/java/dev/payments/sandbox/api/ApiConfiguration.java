package dev.payments.sandbox.api;

import dev.payments.sandbox.SandboxProperties;
import dev.payments.sandbox.payment.TossErrors;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    /** Only the Toss API goes through auth, test codes and faults; the window and the automation API do not. */
    @Bean
    FilterRegistrationBean<TossApiFilter> tossApiFilter(
            SandboxProperties properties, TossErrors errors, TossJson tossJson) {
        FilterRegistrationBean<TossApiFilter> registration =
                new FilterRegistrationBean<>(new TossApiFilter(properties, errors, tossJson));
        registration.addUrlPatterns("/v1/*");
        registration.setName("tossApiFilter");
        return registration;
    }
}
