package dev.payments.edge.web;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/** How the edge reads requests and answers errors: strict JSON, Bean Validation, interceptors, Tomcat's own errors. */
@Configuration(proxyBeanMethods = false)
@Import({MerchantKey.class, ProblemWriter.class})
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

    /**
     * A JSON object naming a field twice is refused rather than read as its last value: a body that other parsers (the
     * PG's, an auditor's) could read differently is not one the edge should sign off and pass on.
     */
    @Bean
    JsonMapperBuilderCustomizer strictDuplicateDetection() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * Text fields take JSON strings only: a token or a name sent as a number or boolean is a client error, not
     * something to coerce (amounts are kept strict by {@code spring.jackson.*} in api-edge.yml).
     */
    @Bean
    JsonMapperBuilderCustomizer strictTextCoercion() {
        return builder -> builder.withCoercionConfig(
                LogicalType.Textual, config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * Bean Validation checks every property of the edge's request records, none of which is a JPA entity with lazily
     * loaded state. With a JPA provider on the classpath, Hibernate Validator would otherwise ask it before each
     * constraint whether the property is loaded, for an answer that is always yes here.
     */
    @Bean
    ValidationConfigurationCustomizer traverseEveryProperty() {
        return configuration -> configuration.traversableResolver(TraverseEveryProperty.INSTANCE);
    }

    /** Makes Tomcat's own error answers (given before Spring MVC is reached) RFC 9457 problems too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // the host installs a valve of this class instead of its HTML ErrorReportValve
                host.getPipeline().addValve(new ProblemReportValve());
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** Every property is reachable and cascadable, as Bean Validation has it without a JPA provider. */
    enum TraverseEveryProperty implements TraversableResolver {
        INSTANCE;

        @Override
        public boolean isReachable(
                Object traversableObject,
                Path.Node traversableProperty,
                Class<?> rootBeanType,
                Path pathToTraversableObject,
                ElementType elementType) {
            return true;
        }

        @Override
        public boolean isCascadable(
                Object traversableObject,
                Path.Node traversableProperty,
                Class<?> rootBeanType,
                Path pathToTraversableObject,
                ElementType elementType) {
            return true;
        }
    }
}
