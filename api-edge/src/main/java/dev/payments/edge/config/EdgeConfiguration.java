package dev.payments.edge.config;

import java.time.Clock;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
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
}
