package dev.payments.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The whole system in this JVM, started once for all system tests: a real KRaft Kafka broker, a real PostgreSQL, a
 * Toss-shaped PG over HTTP (WireMock), and the worker as its own Spring application. Tests share it, so each test uses
 * its own orderIds.
 */
final class PaymentsStack implements SystemUnderTest {

    static final int PARTITIONS = Launch.PARTITIONS;
    static final String PG_SECRET_KEY = "test_sk_system_tests";
    /** Short, so that a test can watch an event whose order never comes be refused. */
    static final java.time.Duration PARK_TTL = java.time.Duration.ofSeconds(8);

    static final String MERCHANT_KEY = Launch.MERCHANT_KEY;

    private static PaymentsStack instance;

    final EmbeddedKafkaBroker kafka;
    final WireMockServer pg;
    final ConfigurableApplicationContext worker;
    final ConfigurableApplicationContext edge;

    private PaymentsStack() {
        kafka = Launch.broker();
        pg = new WireMockServer(wireMockConfig().dynamicPort().globalTemplating(true));
        pg.start();
        approveEveryConfirmByDefault();
        String jdbcUrl = Launch.database("postgres");
        worker = Launch.worker(
                kafka.getBrokersAsString(),
                jdbcUrl,
                "--payments.pg.base-url=" + pg.baseUrl(),
                "--payments.pg.secret-key=" + PG_SECRET_KEY,
                "--payments.park-ttl=" + PARK_TTL.toSeconds() + "s",
                "--payments.park-sweep-interval=1s");
        edge = Launch.edge(kafka.getBrokersAsString(), jdbcUrl);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "payments-stack-stop"));
    }

    static synchronized PaymentsStack get() {
        if (instance == null) {
            instance = new PaymentsStack();
        }
        return instance;
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public EdgeClient edgeClient() {
        return new EdgeClient(Launch.url(edge), MERCHANT_KEY);
    }

    String workerUrl() {
        return Launch.url(worker);
    }

    @Override
    public JdbcClient jdbc() {
        return JdbcClient.create(worker.getBean(DataSource.class));
    }

    /** The PG's confirm requests for one order. */
    List<LoggedRequest> confirmRequests(String orderId) {
        return pg.findAll(postRequestedFor(urlEqualTo("/v1/payments/confirm"))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId))));
    }

    /** Toss answers a confirm with the approved Payment object; tests override this per order with a higher priority. */
    private void approveEveryConfirmByDefault() {
        pg.stubFor(post(urlEqualTo("/v1/payments/confirm"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(TossResponses.DONE_TEMPLATE)));
    }

    private void stop() {
        edge.close();
        worker.close();
        pg.stop();
        kafka.destroy();
    }
}
