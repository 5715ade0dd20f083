package dev.payments.sandbox;

import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sandbox as the worker sees it: the real application on a random port, its default windows, webhooks to a real
 * HTTP receiver, signed, with retry delays scaled down to milliseconds. Test classes extending this share one context;
 * every test uses its own orderIds.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=pg-sandbox",
            "payments.sandbox.webhook-secret=" + SandboxTestBase.WEBHOOK_SECRET,
            // 4096 minutes become ~2.5 s: the whole retry schedule fits in a test
            "payments.sandbox.webhook-time-scale=0.00001"
        })
@Import(TestClock.Configuration.class)
public abstract class SandboxTestBase {

    public static final String WEBHOOK_SECRET = "whsec_sandbox_test";

    protected static final WebhookReceiver WEBHOOKS = WebhookReceiver.start();

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("payments.sandbox.webhook-url", WEBHOOKS::url);
    }

    @LocalServerPort
    protected int port;

    /** The sandbox's clock: tests move it forward instead of waiting. */
    @Autowired
    protected TestClock clock;

    protected SandboxHttp http;

    @BeforeEach
    void client() {
        http = new SandboxHttp(port);
    }

    /** Pays and confirms a 15,000 won order, then waits for the first {@code count} webhook attempts about it. */
    protected List<LoggedRequest> approveAndAwaitWebhooks(String orderId, int count) {
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        http.confirm(paymentKey, orderId, 15_000, null);
        return await().atMost(Duration.ofSeconds(30)).until(() -> WEBHOOKS.of(orderId), list -> list.size() >= count);
    }
}
