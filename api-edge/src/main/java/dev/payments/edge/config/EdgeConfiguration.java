package dev.payments.edge.config;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;
import java.time.Clock;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    /** The only source of "now" in the edge. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
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
     * Bean Validation checks every property of the edge's request records: none is a JPA entity with lazily loaded
     * state. Where a JPA provider is on the classpath (the launcher's and the benchmark's, which share the worker's
     * Hibernate), Hibernate Validator would otherwise ask it before each constraint whether the property is loaded:
     * 3.6 % of issuance's CPU in the benchmark's flight recording, for an answer that is always yes here.
     */
    @Bean
    ValidationConfigurationCustomizer traverseEveryProperty() {
        return configuration -> configuration.traversableResolver(TraverseEveryProperty.INSTANCE);
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
