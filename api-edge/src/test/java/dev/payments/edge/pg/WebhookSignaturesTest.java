package dev.payments.edge.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.pg.WebhookSignatures.Check;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    static final String SECRET = "whsec_unit-test-secret";
    static final String TIME = "2024-02-13T12:18:14.123456+09:00";
    static final byte[] BODY = "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"data\":{\"orderName\":\"커피\"}}"
            .getBytes(StandardCharsets.UTF_8);

    static final Instant SENT = OffsetDateTime.parse(TIME).toInstant();

    /** The edge's clock reads one minute after the webhook was sent. */
    final WebhookSignatures signatures =
            new WebhookSignatures(SECRET, Duration.ofMinutes(5), Clock.fixed(SENT.plusSeconds(60), ZoneOffset.UTC));

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
    void withoutASecretNothingVerifiesAndASignatureIsIgnored() throws Exception {
        var unconfigured = new WebhookSignatures("", Duration.ofMinutes(5), Clock.systemUTC());
        String signature = expected("whsec_any", BODY, TIME);

        assertThat(unconfigured.verifies(BODY, TIME, List.of(signature))).isFalse();
        assertThat(unconfigured.check(BODY, List.of(signature), TIME)).isEqualTo(new Check.Unsigned(true));
        assertThat(unconfigured.check(BODY, List.of(), TIME)).isEqualTo(new Check.Unsigned(false));
    }

    @Test
    void aWebhookWithoutSignatureIsUnsignedThoughASecretIsConfigured() {
        assertThat(signatures.check(BODY, List.of(), TIME)).isEqualTo(new Check.Unsigned(false));
        assertThat(signatures.check(BODY, List.of(), null)).isEqualTo(new Check.Unsigned(false));
    }

    @Test
    void aVerifiedFreshWebhookIsSignedUnderAnIdOfTheSignedBytes() throws Exception {
        String expectedId = "webhook:sig:"
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest((new String(BODY, StandardCharsets.UTF_8) + ":" + TIME)
                                        .getBytes(StandardCharsets.UTF_8)));

        assertThat(signatures.check(BODY, List.of(expected(SECRET, BODY, TIME)), TIME))
                .isEqualTo(new Check.Signed(expectedId));
    }

    @Test
    void theSignedIdChangesWithTheBodyOrTheTimeOnly() {
        String id = WebhookSignatures.signedEventId(BODY, TIME);

        assertThat(WebhookSignatures.signedEventId(BODY.clone(), TIME)).isEqualTo(id);
        assertThat(WebhookSignatures.signedEventId(BODY, TIME + "0")).isNotEqualTo(id);
        assertThat(WebhookSignatures.signedEventId(Arrays.copyOf(BODY, BODY.length - 1), TIME))
                .isNotEqualTo(id);
        assertThat(id).hasSize("webhook:sig:".length() + 64);
    }

    @Test
    void aSignatureThatDoesNotVerifyIsRefused() throws Exception {
        assertThat(signatures.check(BODY, List.of(expected("whsec_other", BODY, TIME)), TIME))
                .isInstanceOf(Check.Refused.class);
        assertThat(signatures.check(BODY, List.of(""), TIME)).isInstanceOf(Check.Refused.class);
        assertThat(signatures.check(BODY, List.of(expected(SECRET, BODY, TIME)), null))
                .as("no transmission time to check it against")
                .isInstanceOf(Check.Refused.class);
    }

    @Test
    void aSignedWebhookMustBeWithinTheToleranceEitherWay() throws Exception {
        Instant now = SENT.plusSeconds(60);
        for (Duration offset : List.of(Duration.ofMinutes(-5), Duration.ofMinutes(5), Duration.ZERO)) {
            String time = now.plus(offset).atOffset(ZoneOffset.ofHours(9)).toString();
            assertThat(signatures.check(BODY, List.of(expected(SECRET, BODY, time)), time))
                    .as(time)
                    .isInstanceOf(Check.Signed.class);
        }
        for (Duration offset : List.of(Duration.ofSeconds(-301), Duration.ofSeconds(301), Duration.ofDays(-400))) {
            String time = now.plus(offset).atOffset(ZoneOffset.ofHours(9)).toString();
            assertThat(signatures.check(BODY, List.of(expected(SECRET, BODY, time)), time))
                    .as(time)
                    .isEqualTo(new Check.Refused(
                            "The webhook's tosspayments-webhook-transmission-time is more than 300 s from the edge's"
                                    + " clock."));
        }
    }

    @Test
    void aSignedTimeThatIsNoTimeIsRefused() throws Exception {
        for (String time : List.of("yesterday", "2024-02-13", "2024-02-13T12:18:14+25:00", "1".repeat(20))) {
            assertThat(signatures.check(BODY, List.of(expected(SECRET, BODY, time)), time))
                    .as(time)
                    .isInstanceOf(Check.Refused.class);
        }
    }

    @Test
    void readsTheTransmissionTimeInEveryFormatAPgMayUse() {
        assertThat(WebhookSignatures.instant("2024-02-13T12:18:14.123456+09:00"))
                .isEqualTo(Instant.parse("2024-02-13T03:18:14.123456Z"));
        assertThat(WebhookSignatures.instant("2024-02-13T03:18:14Z")).isEqualTo(Instant.parse("2024-02-13T03:18:14Z"));
        assertThat(WebhookSignatures.instant("2024-02-13T12:18:14.000000"))
                .as("without an offset: Korean time, as Toss writes createdAt")
                .isEqualTo(Instant.parse("2024-02-13T03:18:14Z"));
        assertThat(WebhookSignatures.instant("1707794294")).isEqualTo(Instant.parse("2024-02-13T03:18:14Z"));
        assertThat(WebhookSignatures.instant("1707794294123")).isEqualTo(Instant.parse("2024-02-13T03:18:14.123Z"));
        assertThat(WebhookSignatures.instant(" ")).isNull();
    }
}
