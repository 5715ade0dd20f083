package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.system.EdgeClient.IssuedOrder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No log line repeats a token or a key. The stack's contexts start once per JVM, so the capture covers what edge and
 * worker log while this test drives them: a full HTTP order, a forged-token redirect, a wrong merchant key and a read
 * of the order with its token.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogSecretsIT extends SystemTestBase {

    static final String TOKEN_SECRET = "system-test-token-secret";

    @Test
    void noTokenOrKeyAppearsInAnyLogLineOfAnOrdersLife(CapturedOutput output) {
        EdgeClient edge = stack.edgeClient();
        IssuedOrder order = edge.issue(newOrderId("logs"), AMOUNT);
        assertThat(edge.checkout(order.orderId(), order.csrfToken()).statusCode())
                .isEqualTo(202);

        String forgedToken = "forged-" + UUID.randomUUID();
        IssuedOrder forged = new IssuedOrder(
                order.orderId(),
                forgedToken,
                order.successUrl().replace(EdgeClient.encode(order.csrfToken()), forgedToken),
                order.failUrl());
        assertThat(forged.successUrl()).contains(forgedToken);
        assertThat(edge.successRedirect(forged, "pk-forged-" + order.orderId(), AMOUNT)
                        .statusCode())
                .isEqualTo(303);
        probe.awaitTimelineSize(order.orderId(), 3);
        assertThat(probe.timeline(order.orderId()).getLast())
                .extracting(OrderProbe.TimelineRow::result, OrderProbe.TimelineRow::reason)
                .containsExactly("REJECTED", "TOKEN_MISMATCH");

        String wrongMerchantKey = "wrong-merchant-key-" + UUID.randomUUID();
        HttpResponse<String> refused =
                new EdgeClient(Launch.url(stack.edge), wrongMerchantKey).issueRequest(newOrderId("logs-401"), AMOUNT);
        assertThat(refused.statusCode()).isEqualTo(401);

        assertThat(edge.successRedirect(order, "pk-" + order.orderId(), AMOUNT).statusCode())
                .isEqualTo(303);
        probe.awaitStatus(order.orderId(), "COMPLETE");
        HttpResponse<String> read =
                edge.get("/api/v1/orders/" + order.orderId() + "?token=" + EdgeClient.encode(order.csrfToken()));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"status\":\"COMPLETE\"");

        // the capture is live: the worker's confirm line for this very order is in it (so this cannot pass on silence)
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(output.getAll()).contains("PG approved order " + order.orderId()));

        String captured = output.getAll();
        assertThat(captured).isNotBlank();
        assertThat(captured).doesNotContain(secrets(order, forgedToken, wrongMerchantKey));
    }

    private static String[] secrets(IssuedOrder order, String forgedToken, String wrongMerchantKey) {
        List<String> secrets = new ArrayList<>(List.of(
                PaymentsStack.MERCHANT_KEY,
                TOKEN_SECRET,
                PaymentsStack.PG_SECRET_KEY,
                base64(PaymentsStack.PG_SECRET_KEY + ":"),
                base64(PaymentsStack.PG_SECRET_KEY),
                order.csrfToken(),
                forgedToken,
                wrongMerchantKey));
        String encodedToken = EdgeClient.encode(order.csrfToken());
        if (!encodedToken.equals(order.csrfToken())) {
            secrets.add(encodedToken);
        }
        return secrets.toArray(String[]::new);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
