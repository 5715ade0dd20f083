package dev.payments.worker.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.auth.EventKeyProperties;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.outbox.OutboxProperties;
import dev.payments.worker.pg.client.PgProperties;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.pg.confirm.ConfirmDispatcher;
import dev.payments.worker.pg.confirm.ConfirmRequests;
import dev.payments.worker.pg.deposit.DepositCancelDispatcher;
import dev.payments.worker.pg.deposit.DepositCancelRequests;
import dev.payments.worker.pg.refund.RefundDispatcher;
import dev.payments.worker.pg.refund.RefundRequests;
import dev.payments.worker.pg.status.StatusCheckDispatcher;
import dev.payments.worker.pg.status.StatusCheckRequests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PG packages' beans as Spring wires them, with Boot's JDBC and transaction beans. Nothing here connects anywhere:
 * the dispatchers are off (a running poller would only log that this DataSource connects nowhere), and so is the
 * outbox relay.
 */
class PgWiringTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JdbcTemplateAutoConfiguration.class,
                    JdbcClientAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class,
                    TransactionAutoConfiguration.class))
            .withUserConfiguration(PgBeans.class)
            .withBean(DataSource.class, SimpleDriverDataSource::new)
            .withBean(KafkaProperties.class, KafkaProperties::new)
            .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Clock.class, Clock::systemUTC)
            .withPropertyValues(
                    "payments.outbox.enabled=false",
                    "payments.pg.secret-key=test_sk_wiring",
                    "payments.worker.event-key=event-key-of-the-pg-wiring-test-at-least-32-characters",
                    "payments.pg.confirm.enabled=false",
                    "payments.pg.status-check.enabled=false",
                    "payments.pg.refund.enabled=false",
                    "payments.pg.deposit-cancel.enabled=false");

    @Configuration(proxyBeanMethods = false)
    // the PG packages' beans and the outbox: not the test configurations that live in the same packages
    @ComponentScan(
            basePackageClasses = {
                TossPaymentsClient.class,
                ConfirmDispatcher.class,
                StatusCheckDispatcher.class,
                RefundDispatcher.class,
                DepositCancelDispatcher.class,
                Outbox.class,
                EventAuthenticator.class
            },
            excludeFilters = @ComponentScan.Filter(Configuration.class))
    @EnableConfigurationProperties({PgProperties.class, OutboxProperties.class, EventKeyProperties.class})
    static class PgBeans {}

    @Test
    void turningTheDispatchersOffStillRecordsConfirmJobsStatusChecksRefundJobsAndDepositCancels() {
        context.run(beans -> {
            assertThat(beans).hasNotFailed();
            assertThat(beans).doesNotHaveBean(ConfirmDispatcher.class);
            assertThat(beans).doesNotHaveBean(StatusCheckDispatcher.class);
            assertThat(beans).doesNotHaveBean(RefundDispatcher.class);
            assertThat(beans).doesNotHaveBean(DepositCancelDispatcher.class);
            assertThat(beans).hasSingleBean(ConfirmRequests.class);
            assertThat(beans).hasSingleBean(StatusCheckRequests.class);
            assertThat(beans).hasSingleBean(RefundRequests.class);
            assertThat(beans).hasSingleBean(DepositCancelRequests.class);
            assertThat(beans).hasSingleBean(TossPaymentsClient.class);
            // with no dispatcher on this instance, a commit wakes nobody
            beans.getBean(ConfirmRequests.class).committed();
            beans.getBean(StatusCheckRequests.class).committed();
            beans.getBean(RefundRequests.class).committed();
            beans.getBean(DepositCancelRequests.class).committed();
        });
    }

    @Test
    void bindsThePropertiesWithTheirDefaults() {
        context.withPropertyValues("payments.pg.base-url=https://pg.example").run(beans -> {
            PgProperties properties = beans.getBean(PgProperties.class);
            assertThat(properties.baseUrl()).isEqualTo("https://pg.example");
            assertThat(properties.secretKey()).isEqualTo("test_sk_wiring");
            assertThat(properties.confirm().maxConcurrency()).isEqualTo(32);
            assertThat(properties.depositCancel().reviewAfter()).isEqualTo(5);
        });
    }
}
