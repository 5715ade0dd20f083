package dev.payments.worker.pg;

import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.auth.EventKeyProperties;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.outbox.OutboxProperties;
import dev.payments.worker.pg.client.PgProperties;
import dev.payments.worker.pg.client.TossPaymentsClient;
import dev.payments.worker.testing.InfrastructureSlice;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What a PG integration test's context holds besides the package under test: the infrastructure slice, the PG client
 * with its settings, and the outbox with its relay (which a test turns off with {@code payments.outbox.enabled=false}
 * to read the rows it leaves).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(InfrastructureSlice.class)
// not the test configurations that live in the same packages
@ComponentScan(
        basePackageClasses = {TossPaymentsClient.class, Outbox.class, EventAuthenticator.class},
        excludeFilters = @ComponentScan.Filter(Configuration.class))
@EnableConfigurationProperties({PgProperties.class, OutboxProperties.class, EventKeyProperties.class})
public class PgTestInfrastructure {}
