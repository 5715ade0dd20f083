package dev.payments.sandbox.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxTestBase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With {@code payments.sandbox.sign-webhooks=true}, the sandbox imitates a PG that signs its payment webhooks. */
@TestPropertySource(properties = "payments.sandbox.sign-webhooks=true")
class SignedWebhookTest extends SandboxTestBase {

    @Test
    void approvalSendsASignedWebhook() {
        LoggedRequest webhook =
                approveAndAwaitWebhooks(SandboxHttp.orderId("hooksigned"), 1).getFirst();

        String time = webhook.getHeader("tosspayments-webhook-transmission-time");
        String signature = webhook.getHeader("tosspayments-webhook-signature");
        assertThat(signature).startsWith("v1:");
        assertThat(verifies(signature, webhook.getBody(), time)).isTrue();
        assertThat(verifies(signature, webhook.getBody(), time + "0")).isFalse();
    }

    @Test
    void everyRetryIsSignedOverItsOwnTransmissionTime() {
        String orderId = SandboxHttp.orderId("hooksignedretry");
        WEBHOOKS.failFor(orderId);

        List<LoggedRequest> attempts = approveAndAwaitWebhooks(orderId, 3);

        assertThat(attempts).allSatisfy(r -> assertThat(verifies(
                        r.getHeader("tosspayments-webhook-signature"),
                        r.getBody(),
                        r.getHeader("tosspayments-webhook-transmission-time")))
                .isTrue());
    }

    /** The receiver's check, written independently: any {@code v1:} value matching the HMAC is valid. */
    private static boolean verifies(String header, byte[] body, String transmissionTime) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] payload = (new String(body, StandardCharsets.UTF_8) + ":" + transmissionTime)
                    .getBytes(StandardCharsets.UTF_8);
            byte[] expected = mac.doFinal(payload);
            for (String value : header.split(",")) {
                if (value.startsWith("v1:")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(value.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
