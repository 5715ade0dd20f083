package dev.payments.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Neither the secret key, the Authorization header nor the webhook secret reaches the log. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLoggedTest extends SandboxTestBase {

    @Autowired
    SandboxProperties properties;

    @Test
    void secretsStayOutOfTheLog(CapturedOutput output) {
        String orderId = SandboxHttp.orderId("nolog");
        WEBHOOKS.failFor(orderId);
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        http.confirm(paymentKey, orderId, 15_000, null);
        http.get("/v1/payments/" + paymentKey, "Authorization", SandboxHttp.basic("test_sk_wrong_key"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(output.getOut()).contains("Webhook for order " + orderId));

        assertThat(output.getAll())
                .contains(orderId)
                .doesNotContain(SandboxHttp.SECRET_KEY)
                .doesNotContain(SandboxHttp.basic(SandboxHttp.SECRET_KEY))
                .doesNotContain("test_sk_wrong_key")
                .doesNotContain(WEBHOOK_SECRET);
        assertThat(properties.toString()).doesNotContain(SandboxHttp.SECRET_KEY).doesNotContain(WEBHOOK_SECRET);
    }
}
