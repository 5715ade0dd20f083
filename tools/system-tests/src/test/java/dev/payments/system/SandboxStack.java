package dev.payments.system;

import dev.payments.sandbox.SandboxApplication;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * A second system in this JVM whose PG is our own Toss-compatible sandbox (not WireMock), with short windows and a fast
 * webhook schedule. The sandbox sends its webhooks unsigned, as Toss does; the edge has a webhook secret all the same,
 * so a webhook that does carry a signature must verify and be fresh (tests sign some themselves). It has its own
 * broker and its own database, so its workers, sweepers and reconcilers never see the other stack's orders (the
 * contract's topic names and the workers' consumer group are fixed, so two systems cannot share one broker).
 *
 * <p>Its workers look a payment up from a confirm job only after {@value #CONFIRM_LOOKUP_AFTER_ATTEMPTS} transient
 * answers: a payment the PG ends while a confirm goes unanswered is then learnt the other ways (the reconciler, the
 * PG's webhook), which end the order and withdraw its confirm job.
 */
final class SandboxStack implements SystemUnderTest {

    static final String PG_SECRET_KEY = "test_sk_sandbox_system";
    /** The edge's webhook secret: the key of the signed webhooks tests send (the sandbox signs none). */
    static final String WEBHOOK_SECRET = "whsec_sandbox_system_tests";
    /** Toss's IN_PROGRESS window (10 min), shrunk so that a lost redirect expires at the PG within a test. */
    static final Duration IN_PROGRESS_WINDOW = Duration.ofSeconds(6);

    /** How long the sandbox holds a confirm it never answers before letting it go unprocessed. */
    static final Duration NEVER_ANSWER_HOLD = Duration.ofSeconds(3);

    /** Transient confirm answers after which a confirm job looks the payment up itself (default 3): not in a test. */
    static final int CONFIRM_LOOKUP_AFTER_ATTEMPTS = 1_000;

    private static SandboxStack instance;

    final EmbeddedKafkaBroker kafka;
    final ConfigurableApplicationContext edge;

    final ConfigurableApplicationContext sandbox;
    final ConfigurableApplicationContext worker;
    final String jdbcUrl;
    /** The port the demo shop of the browser test listens on: the result page's link back to the shop leads there. */
    final int shopPort;

    private SandboxStack() {
        kafka = Launch.broker();
        jdbcUrl = Launch.database("sandbox_stack");
        // a real public URL (not the other stack's pay.shop.test): a real browser follows its successUrl and failUrl
        int edgePort = Launch.freePort();
        shopPort = Launch.freePort();
        edge = Launch.edge(
                kafka.getBrokersAsString(),
                jdbcUrl,
                "--server.port=" + edgePort,
                "--payments.edge.public-url=http://localhost:" + edgePort,
                "--payments.edge.shop-url=http://localhost:" + shopPort + "/",
                "--payments.pg.webhook-secret=" + WEBHOOK_SECRET);
        sandbox = Launch.withoutOwnDatabase(
                SandboxApplication.builder(),
                jdbcUrl,
                "--server.port=0",
                "--payments.sandbox.secret-key=" + PG_SECRET_KEY,
                "--payments.sandbox.client-key=",
                "--payments.sandbox.in-progress-window=" + IN_PROGRESS_WINDOW.toSeconds() + "s",
                "--payments.sandbox.webhook-url=" + Launch.url(edge) + "/pg/webhooks",
                "--payments.sandbox.webhook-time-scale=0.001",
                "--payments.sandbox.never-answer-max-hold=" + NEVER_ANSWER_HOLD.toSeconds() + "s");
        worker = startWorker();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "sandbox-stack-stop"));
    }

    static synchronized SandboxStack get() {
        if (instance == null) {
            instance = new SandboxStack();
        }
        return instance;
    }

    /** One more worker instance in the same consumer group, against the same PG and database. */
    ConfigurableApplicationContext startWorker() {
        return Launch.worker(
                kafka.getBrokersAsString(),
                jdbcUrl,
                "--payments.pg.base-url=" + sandboxUrl(),
                "--payments.pg.secret-key=" + PG_SECRET_KEY,
                "--payments.expiry.sweep-interval=500ms",
                "--payments.reconcile.interval=1s",
                "--payments.reconcile.success-after=2s",
                "--payments.reconcile.in-progress-before-expiry=1s",
                "--payments.pg.read-timeout=2s",
                "--payments.pg.confirm.lookup-after-attempts=" + CONFIRM_LOOKUP_AFTER_ATTEMPTS);
    }

    String sandboxUrl() {
        return Launch.url(sandbox);
    }

    /** The first worker's port, its admin port too (actuator). */
    String workerUrl() {
        return Launch.url(worker);
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public JdbcClient jdbc() {
        return JdbcClient.create(worker.getBean(DataSource.class));
    }

    @Override
    public EdgeClient edgeClient() {
        return new EdgeClient(Launch.url(edge), Launch.MERCHANT_KEY);
    }

    private void stop() {
        worker.close();
        sandbox.close();
        edge.close();
        kafka.destroy();
    }
}
