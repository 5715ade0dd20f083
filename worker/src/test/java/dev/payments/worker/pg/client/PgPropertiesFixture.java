package dev.payments.worker.pg.client;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * PgProperties as Spring binds them: from property names, with the record's defaults for everything not given (and a
 * test secret key, which has no default).
 */
public final class PgPropertiesFixture {

    private PgPropertiesFixture() {}

    /** {@code properties} are names below {@code payments.pg}, e.g. {@code "confirm.lease", "1s"}. */
    public static PgProperties bind(String baseUrl, String... properties) {
        Map<String, String> values = new HashMap<>();
        values.put("payments.pg.base-url", baseUrl);
        values.put("payments.pg.secret-key", "test_sk_fixture");
        for (int i = 0; i < properties.length; i += 2) {
            values.put("payments.pg." + properties[i], properties[i + 1]);
        }
        return bind(values);
    }

    public static PgProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("payments.pg", PgProperties.class);
    }
}
