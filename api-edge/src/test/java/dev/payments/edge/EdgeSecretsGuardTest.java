package dev.payments.edge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.support.secrets.InsecureConfigurationException;
import dev.payments.support.secrets.SecretsGuard;
import dev.payments.testsupport.SecretsGuardContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edge's start-up guard on api-edge.yml and api-edge-local.yml: its merchant key and token secret (an HMAC key),
 * its webhook secret when set, and its public URL (what buyers' browsers are sent to).
 */
class EdgeSecretsGuardTest extends SecretsGuardContract {

    EdgeSecretsGuardTest() {
        super(new GuardedService(
                EdgeApplication::builder,
                EdgeApplication::secretsGuard,
                EdgeApplication.CONFIG_NAME,
                Map.of(
                        "payments.merchant-api-key", "merchant-key-from-the-secret-store",
                        "payments.token-secret", "token-secret-from-the-secret-store-0123456789",
                        "payments.pg.webhook-secret", "whsec_from_the_secret_store",
                        "payments.edge.public-url", "https://pay.example.com"),
                List.of("payments.merchant-api-key", "payments.token-secret"),
                List.of("payments.token-secret"),
                List.of("payments.edge.public-url")));
    }

    /** Empty is allowed (webhooks verified by look-up); a committed value is not. */
    @Test
    void refusesACommittedValueAsTheWebhookSecret() {
        String committed = SecretsGuard.localValues("api-edge-local.yml").get("payments.merchant-api-key");
        assertThatThrownBy(() -> startGuardOnly(with("payments.pg.webhook-secret", committed)))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("payments.pg.webhook-secret (PAYMENTS_PG_WEBHOOK_SECRET) is a value committed");
        startGuardOnly(with("payments.pg.webhook-secret", "")).close();
    }
}
