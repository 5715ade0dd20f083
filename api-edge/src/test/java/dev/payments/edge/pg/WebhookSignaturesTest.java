package dev.payments.edge.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    static final String SECRET = "whsec_unit-test-secret";
    static final String TIME = "2024-02-13T12:18:14.123456+09:00";
    static final byte[] BODY = "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"data\":{\"orderName\":\"커피\"}}"
            .getBytes(StandardCharsets.UTF_8);

    final WebhookSignatures signatures = new WebhookSignatures(SECRET);

    /** The known vector, computed here with javax.crypto over body bytes + ":" + time. */
    static String expected(String secret, byte[] body, String time) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(body);
        mac.update(":".getBytes(StandardCharsets.UTF_8));
        mac.update(time.getBytes(StandardCharsets.UTF_8));
        return "v1:" + Base64.getEncoder().encodeToString(mac.doFinal());
    }

    @Test
    void acceptsTheHmacOfBodyAndTransmissionTime() throws Exception {
        assertThat(signatures.isConfigured()).isTrue();
        assertThat(signatures.verifies(BODY, TIME, List.of(expected(SECRET, BODY, TIME))))
                .isTrue();
    }

    @Test
    void acceptsWhenAnyOfSeveralValuesMatches() throws Exception {
        String right = expected(SECRET, BODY, TIME);
        String wrong = expected("whsec_other", BODY, TIME);

        assertThat(signatures.verifies(BODY, TIME, List.of(wrong + "," + right)))
                .isTrue();
        assertThat(signatures.verifies(BODY, TIME, List.of(right + ", " + wrong)))
                .isTrue();
        assertThat(signatures.verifies(BODY, TIME, List.of(wrong, right))).isTrue();
        assertThat(signatures.verifies(BODY, TIME, List.of(wrong + "," + wrong)))
                .isFalse();
    }

    @Test
    void refusesAnotherBodyTimeOrSecret() throws Exception {
        byte[] otherBody = "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

        assertThat(signatures.verifies(otherBody, TIME, List.of(expected(SECRET, BODY, TIME))))
                .isFalse();
        assertThat(signatures.verifies(BODY, TIME + "0", List.of(expected(SECRET, BODY, TIME))))
                .isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of(expected("whsec_other", BODY, TIME))))
                .isFalse();
    }

    @Test
    void garbageIsFalseNotAnException() throws Exception {
        String right = expected(SECRET, BODY, TIME);

        assertThat(signatures.verifies(BODY, TIME, List.of("v1:%%%not-base64%%%")))
                .isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of("v1:"))).isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of(""))).isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of(",,,"))).isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of("v1:AAAA")))
                .as("too short")
                .isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of(right.substring(3))))
                .as("no version")
                .isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of("v2:" + right.substring(3))))
                .as("unknown version")
                .isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of())).as("no header").isFalse();
        assertThat(signatures.verifies(BODY, null, List.of(right)))
                .as("no time")
                .isFalse();
        assertThat(signatures.verifies(BODY, "", List.of(right)))
                .as("empty time")
                .isFalse();
        assertThat(signatures.verifies(BODY, TIME, List.of("v1:%%%," + right)))
                .as("garbage next to the right value")
                .isTrue();
    }

    @Test
    void withoutASecretNothingVerifies() throws Exception {
        var unconfigured = new WebhookSignatures("");

        assertThat(unconfigured.isConfigured()).isFalse();
        assertThat(unconfigured.verifies(BODY, TIME, List.of(expected("whsec_any", BODY, TIME))))
                .isFalse();
    }
}
