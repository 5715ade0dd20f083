package dev.payments.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SandboxPropertiesTest {

    private static SandboxProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("payments.sandbox", SandboxProperties.class);
    }

    @Test
    void webhooksAreUnsignedByDefaultEvenWithASecret() {
        assertThat(bind(Map.of()).signWebhooks()).isFalse();
        assertThat(bind(Map.of("payments.sandbox.webhook-secret", "whsec_x")).signWebhooks())
                .isFalse();
        assertThat(bind(Map.of("payments.sandbox.webhook-secret", "whsec_x", "payments.sandbox.sign-webhooks", "true"))
                        .signWebhooks())
                .isTrue();
    }

    @Test
    void signingWithoutASecretIsRefusedNamingBothProperties() {
        assertThatThrownBy(() -> bind(Map.of("payments.sandbox.sign-webhooks", "true")))
                .hasRootCauseMessage(
                        "payments.sandbox.sign-webhooks=true needs payments.sandbox.webhook-secret to sign with");
    }

    @Test
    void bothWebhookEventsAreRegisteredAndAVirtualAccountIsOpenForAWeekByDefault() {
        SandboxProperties defaults = bind(Map.of());

        assertThat(defaults.webhookEvents()).isEqualTo(EnumSet.allOf(SandboxProperties.WebhookEvent.class));
        assertThat(defaults.virtualAccount().validFor()).isEqualTo(Duration.ofHours(168));
        assertThat(defaults.virtualAccount().secretInLookups()).isFalse();
        assertThat(bind(Map.of(
                                "payments.sandbox.webhook-events", "PAYMENT_STATUS_CHANGED",
                                "payments.sandbox.virtual-account.valid-for", "30s"))
                        .virtualAccount()
                        .validFor())
                .isEqualTo(Duration.ofSeconds(30));
    }
}
