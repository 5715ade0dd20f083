package dev.payments.shop.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.shop.ShopHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An edge that is not running: the buyer gets a clear error page, and is not sent to the payment window. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=demo-shop", "payments.shop.merchant-key=" + EdgeDownTest.MERCHANT_KEY})
class EdgeDownTest {

    static final String MERCHANT_KEY = "edge-down-merchant-key-91c2";

    @DynamicPropertySource
    static void edgeNobodyListensOn(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("payments.shop.edge-url", () -> "http://localhost:" + closedPort);
    }

    @LocalServerPort
    int port;

    @Test
    void anEdgeThatIsDownShowsTheUnavailablePage() {
        ShopHttp browser = new ShopHttp(port);

        HttpResponse<String> answer = browser.postForm("/orders", Map.of("product", "coffee-beans", "quantity", "1"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(answer.body())
                .contains("The payment service is unavailable", "Nothing was charged", "Back to the shop")
                .doesNotContain("pg/success");
        assertThat(ShopHttp.everything(answer)).doesNotContain(MERCHANT_KEY);
    }
}
