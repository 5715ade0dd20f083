package dev.payments.shop;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the shop's tests against an edge faked at the HTTP level (WireMock, with answers templated from the
 * request): one fake edge for every such test class of the run, reset before each test, and a browser that does not
 * follow redirects, so that a test sees where the shop sends it.
 */
public abstract class FakeEdgeTest {

    protected static final WireMockServer EDGE =
            new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(true));

    static {
        EDGE.start();
        // shared by the test classes (and their cached contexts) of the run: stopped with the JVM
        Runtime.getRuntime().addShutdownHook(new Thread(EDGE::stop, "fake-edge-stop"));
    }

    @DynamicPropertySource
    static void edge(DynamicPropertyRegistry registry) {
        registry.add("payments.shop.edge-url", EDGE::baseUrl);
    }

    @LocalServerPort
    protected int port;

    protected ShopHttp browser;

    @BeforeEach
    void resetEdgeAndBrowser() {
        EDGE.resetAll();
        browser = new ShopHttp(port);
    }
}
