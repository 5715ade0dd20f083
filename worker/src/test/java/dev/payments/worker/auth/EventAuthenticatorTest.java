package dev.payments.worker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.WorkerEventProof;
import dev.payments.worker.testing.WorkerEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

class EventAuthenticatorTest {

    static final String KEY = "the-worker-event-key-of-this-test-0123456789";
    static final String OLD_KEY = "the-rotated-out-event-key-of-this-test-98765";
    static final String ORDER_ID = "order-auth-0001";
    static final Instant NOW = Instant.parse("2026-11-23T10:15:30.120Z");
    static final Instant OLD_KEY_UNTIL = NOW.plus(Duration.ofHours(1));
    /** As the worker's mapper is configured: offsets kept as the PG wrote them. */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    final EventAuthenticator authenticator = new EventAuthenticator(new EventKeyProperties(KEY, null, null));
    final EventAuthenticator rotating = new EventAuthenticator(new EventKeyProperties(KEY, OLD_KEY, OLD_KEY_UNTIL));

    @Test
    void aSignedEventReadBackFromItsJsonIsAuthenticated() {
        CloudEvent<PgConfirmation> signed = authenticator.sign(approval());

        CloudEvent<PgConfirmation> read = JSON.readValue(
                JSON.writeValueAsBytes(signed),
                JSON.getTypeFactory().constructParametricType(CloudEvent.class, PgConfirmation.class));

        assertThat(read.workerauth()).startsWith("v1:").hasSize("v1:".length() + 44);
        assertThat(authenticator.authenticated(read, NOW)).isTrue();
    }

    @Test
    void anEventWithoutProofOrWithAMalformedOneIsNot() {
        assertThat(authenticator.authenticated(approval(), NOW)).isFalse();
        for (String proof : new String[] {"", "v1:", "v1:not base64!", "v2:" + "A".repeat(43) + "=", "garbage"}) {
            assertThat(authenticator.authenticated(approval().withWorkerauth(proof), NOW))
                    .as("proof %s", proof)
                    .isFalse();
        }
    }

    @Test
    void anyChangeAfterSigningBreaksTheProof() {
        CloudEvent<PgConfirmation> signed = authenticator.sign(approval());
        CloudEvent<PgConfirmation> rejection = CloudEvent.of(
                        signed.id(),
                        signed.source(),
                        signed.time(),
                        PgConfirmation.rejected(ORDER_ID, "pk_auth_1", "REJECT_CARD_PAYMENT", "refused"))
                .withWorkerauth(signed.workerauth());
        CloudEvent<PgConfirmation> otherId = CloudEvent.of("other-id", signed.source(), signed.time(), signed.data())
                .withWorkerauth(signed.workerauth());

        assertThat(authenticator.authenticated(rejection, NOW)).isFalse();
        assertThat(authenticator.authenticated(otherId, NOW)).isFalse();
    }

    @Test
    void anEventSignedWithAnotherKeyIsNot() {
        CloudEvent<PgStatus> forged = WorkerEvents.signedWith(
                "a-key-somebody-guessed-0123456789abcdef",
                CloudEvent.of(
                        EventIds.status(ORDER_ID, "x"),
                        EventSources.WORKER,
                        NOW,
                        new PgStatus(
                                ORDER_ID, "pk_auth_1", "DONE", 15_000L, null, PgStatus.Verification.LOOKUP, null)));

        assertThat(authenticator.authenticated(forged, NOW)).isFalse();
    }

    @Test
    void thePreviousKeyIsAcceptedUntilItsEndAndNeverAfter() {
        CloudEvent<OrderExpire> oldKeyEvent = WorkerEvents.signedWith(OLD_KEY, expire());

        assertThat(rotating.authenticated(oldKeyEvent, OLD_KEY_UNTIL.minusMillis(1)))
                .isTrue();
        assertThat(rotating.authenticated(oldKeyEvent, OLD_KEY_UNTIL)).isFalse();
        assertThat(rotating.authenticated(oldKeyEvent, OLD_KEY_UNTIL.plusSeconds(1)))
                .isFalse();
        assertThat(authenticator.authenticated(oldKeyEvent, NOW))
                .as("without the previous key configured")
                .isFalse();
    }

    @Test
    void theCurrentKeySignsAndIsAcceptedDuringARotation() {
        CloudEvent<OrderExpire> signed = rotating.sign(expire());

        assertThat(signed).isEqualTo(authenticator.sign(expire()));
        assertThat(rotating.authenticated(signed, OLD_KEY_UNTIL.plusSeconds(3600)))
                .isTrue();
    }

    @Test
    void signingReplacesAProofTheEventAlreadyHad() {
        CloudEvent<OrderExpire> signed = authenticator.sign(expire().withWorkerauth("v1:stale"));

        assertThat(signed.workerauth()).isNotEqualTo("v1:stale");
        assertThat(authenticator.authenticated(signed, NOW)).isTrue();
    }

    @Test
    void theKeyMustNotBeBlankAndAPreviousKeyNeedsAnEnd() {
        assertThatThrownBy(() -> new EventKeyProperties(" ", null, null))
                .hasMessageContaining("payments.worker.event-key");
        assertThatThrownBy(() -> new EventKeyProperties(KEY, OLD_KEY, null))
                .hasMessageContaining("payments.worker.previous-event-key-until");
        assertThat(new EventKeyProperties(KEY, "", null).previousEventKey()).isNull();
    }

    @Test
    void theKeysNeverShowInToString() {
        String text = new EventKeyProperties(KEY, OLD_KEY, OLD_KEY_UNTIL).toString();

        assertThat(text).doesNotContain(KEY).doesNotContain(OLD_KEY).contains(OLD_KEY_UNTIL.toString());
        assertThat(new EventKeyProperties(KEY, null, null).toString()).doesNotContain(KEY);
    }

    @Test
    void theProofAttributeIsTheContractsName() {
        assertThat(JSON.valueToTree(authenticator.sign(expire())).has(WorkerEventProof.ATTRIBUTE))
                .isTrue();
    }

    private static CloudEvent<PgConfirmation> approval() {
        return CloudEvent.of(
                EventIds.confirmation(ORDER_ID),
                EventSources.WORKER,
                NOW,
                PgConfirmation.approved(ORDER_ID, "pk_auth_1", OffsetDateTime.parse("2026-11-23T19:15:31+09:00")));
    }

    private static CloudEvent<OrderExpire> expire() {
        return CloudEvent.of(EventIds.expire(ORDER_ID), EventSources.WORKER, NOW, new OrderExpire(ORDER_ID));
    }
}
