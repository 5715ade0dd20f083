package dev.payments.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A demo shop that sells through the payments system the way a real merchant would: it issues orders at the edge
 * server-to-server with its merchant key and sends the buyer's browser to the PG's payment window. It exists so that a
 * person (and a browser test) can click through the whole flow.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ShopApplication {

    /** The shop reads {@code demo-shop.yml} (not application.yml) so that it can share a classpath with others. */
    public static final String CONFIG_NAME = "demo-shop";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ShopApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
