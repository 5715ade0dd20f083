package dev.payments.worker.pg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

class PgPropertiesTest {

    @Test
    void everyPropertyButTheSecretKeyHasASafeLocalDefault() {
        PgProperties properties = PgPropertiesFixture.bind(Map.of("payments.pg.secret-key", "test_sk_given"));

        assertThat(properties.baseUrl()).isEqualTo("http://localhost:8090");
        assertThat(properties.secretKey()).isEqualTo("test_sk_given");
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        PgProperties.Confirm confirm = properties.confirm();
        assertThat(confirm.enabled()).isTrue();
        assertThat(confirm.maxConcurrency()).isEqualTo(32);
        assertThat(confirm.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(confirm.lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(confirm.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(confirm.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(confirm.lookupAfterAttempts()).isEqualTo(3);
        assertThat(confirm.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(confirm.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        PgProperties.StatusCheck statusCheck = properties.statusCheck();
        assertThat(statusCheck.enabled()).isTrue();
        assertThat(statusCheck.maxConcurrency()).isEqualTo(8);
        assertThat(statusCheck.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(statusCheck.lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(statusCheck.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(statusCheck.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
        assertThat(statusCheck.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        PgProperties.Refund refund = properties.refund();
        assertThat(refund.enabled()).isTrue();
        assertThat(refund.maxConcurrency()).isEqualTo(8);
        assertThat(refund.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refund.lease())
                .as("longer than a cancel and a look-up at the read timeout")
                .isEqualTo(Duration.ofSeconds(90))
                .isGreaterThan(properties.readTimeout().multipliedBy(2));
        assertThat(refund.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refund.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
        assertThat(refund.lookupAfterAttempts()).isEqualTo(1);
        assertThat(refund.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    /** The local profile's secret key is in worker-local.yml, never a default of the record. */
    @Test
    void theSecretKeyHasNoDefault() {
        assertThatThrownBy(() -> PgPropertiesFixture.bind(Map.of()))
                .rootCause()
                .hasMessageContaining("payments.pg.secret-key");
    }

    @Test
    void bindsKebabCaseNamesAsOperatorsWriteThem() {
        PgProperties properties = PgPropertiesFixture.bind(
                "https://pg.example",
                "secret-key",
                "live_sk_x",
                "read-timeout",
                "5s",
                "confirm.max-concurrency",
                "4",
                "confirm.initial-backoff",
                "100ms",
                "confirm.lookup-after-attempts",
                "2",
                "confirm.enabled",
                "false",
                "refund.max-concurrency",
                "2",
                "refund.lookup-after-attempts",
                "3",
                "refund.enabled",
                "false",
                "deposit-cancel.review-after",
                "2",
                "deposit-cancel.enabled",
                "false");

        assertThat(properties.baseUrl()).isEqualTo("https://pg.example");
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.confirm().maxConcurrency()).isEqualTo(4);
        assertThat(properties.confirm().initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(properties.confirm().lookupAfterAttempts()).isEqualTo(2);
        assertThat(properties.confirm().enabled()).isFalse();
        assertThat(properties.confirm().lease()).as("default kept").isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.refund().maxConcurrency()).isEqualTo(2);
        assertThat(properties.refund().lookupAfterAttempts()).isEqualTo(3);
        assertThat(properties.refund().enabled()).isFalse();
        assertThat(properties.refund().lease()).as("default kept").isEqualTo(Duration.ofSeconds(90));
        assertThat(properties.depositCancel().reviewAfter()).isEqualTo(2);
        assertThat(properties.depositCancel().enabled()).isFalse();
        assertThat(properties.depositCancel().lease()).as("default kept").isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void toStringMasksTheSecretKey() {
        PgProperties properties = PgPropertiesFixture.bind("https://pg.example", "secret-key", "live_sk_very_secret");

        assertThat(properties.toString())
                .doesNotContain("live_sk_very_secret")
                .contains("secretKey=******", "https://pg.example");
    }

    @Test
    void holdsNoSecretTheWorkerDoesNotUse() {
        // the client key and the webhook secret are the edge's: handed to the worker, they are not even bound
        PgProperties properties = PgPropertiesFixture.bind(
                "https://pg.example", "client-key", "live_ck_x", "webhook-secret", "whsec_also_secret");

        assertThat(PgProperties.class.getRecordComponents())
                .extracting(RecordComponent::getName)
                .containsExactly(
                        "baseUrl",
                        "secretKey",
                        "connectTimeout",
                        "readTimeout",
                        "confirm",
                        "statusCheck",
                        "refund",
                        "depositCancel");
        assertThat(properties.toString()).doesNotContain("live_ck_x", "whsec_also_secret");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> PgPropertiesFixture.bind("http://pg", "confirm.max-concurrency", "0"))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("max-concurrency");
        assertThatThrownBy(() -> PgPropertiesFixture.bind(
                        "http://pg", "confirm.initial-backoff", "10s", "confirm.max-backoff", "1s"))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("max-backoff");
        assertThatThrownBy(() -> PgPropertiesFixture.bind("http://pg", "deposit-cancel.review-after", "0"))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("payments.pg.deposit-cancel.review-after");
        assertThatThrownBy(() -> PgPropertiesFixture.bind("http://pg", "refund.lookup-after-attempts", "0"))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("payments.pg.refund.lookup-after-attempts");
        assertThatThrownBy(() -> PgPropertiesFixture.bind("http://pg", "refund.lease", "0s"))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("payments.pg.refund.lease");
        assertThatThrownBy(() -> PgPropertiesFixture.bind("http://pg", "secret-key", " "))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("secret-key");
    }
}
