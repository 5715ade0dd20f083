package dev.payments.worker.reconcile.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ReconciliationPropertiesTest {

    /** As Spring binds them: from property names, with the record's defaults for everything not given. */
    static ReconciliationProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("payments.reconciliation", ReconciliationProperties.class);
    }

    @Test
    void everyPropertyHasItsDocumentedDefault() {
        ReconciliationProperties settings = bind(Map.of());

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.settleDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.margin()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.daily().enabled()).isTrue();
        assertThat(settings.daily().at()).isEqualTo(LocalTime.of(1, 0));
        assertThat(settings.zone()).isEqualTo(ZoneId.of("Asia/Seoul"));
        assertThat(settings.pageSize()).isEqualTo(5000);
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.maxAttempts()).isEqualTo(6);
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.lease()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.keep()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void valuesBindFromTheirPropertyNames() {
        ReconciliationProperties settings = bind(Map.of(
                "payments.reconciliation.interval", "1m",
                "payments.reconciliation.window", "3m",
                "payments.reconciliation.settle-delay", "0s",
                "payments.reconciliation.daily.enabled", "false",
                "payments.reconciliation.daily.at", "23:45",
                "payments.reconciliation.zone", "UTC",
                "payments.reconciliation.page-size", "1"));

        assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.window()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.settleDelay()).isZero();
        assertThat(settings.daily().enabled()).isFalse();
        assertThat(settings.daily().at()).isEqualTo(LocalTime.of(23, 45));
        assertThat(settings.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(settings.pageSize()).isOne();
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "interval, 0s, interval",
        "window, -1m, window",
        "window, 4m, window must not be shorter than its interval",
        "settle-delay, -1s, settle-delay",
        "margin, -1s, margin",
        "page-size, 0, page-size",
        "page-size, 5001, page-size",
        "read-timeout, 0s, read-timeout",
        "max-attempts, 0, max-attempts",
        "initial-backoff, 0s, initial-backoff",
        "max-backoff, 500ms, max-backoff must not be shorter than initial-backoff",
        "lease, 0s, lease",
        "keep, 0d, keep"
    })
    void aValueThatCannotWorkIsRefusedNamingItsProperty(String property, String value, String message) {
        assertThatThrownBy(() -> bind(Map.of("payments.reconciliation." + property, value)))
                .rootCause()
                .hasMessageContaining(message);
    }

    @Test
    void aZoneOrATimeOfDayThatIsNoneIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("payments.reconciliation.zone", "Korea/Nowhere")))
                .hasMessageContaining("payments.reconciliation.zone");
        assertThatThrownBy(() -> bind(Map.of("payments.reconciliation.daily.at", "25:00")))
                .hasMessageContaining("payments.reconciliation.daily.at");
    }
}
