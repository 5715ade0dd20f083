package dev.payments.worker.pg.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.PgConfirmation;
import dev.payments.worker.outbox.Outbox;
import dev.payments.worker.pg.OutboxFault;
import dev.payments.worker.pg.PgTestInfrastructure;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.pg.TestOrders;
import dev.payments.worker.testing.OutboxRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writer of finished jobs on a real PostgreSQL, with a job table of the test's own shaped like the worker's and
 * the real outbox (its relay off). A batch is one transaction: DONE marks and events commit together or not at all.
 */
@SpringBootTest(
        classes = JobOutcomesIT.OutboxSlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            // the PG client is in the context, and its key has no default
            "payments.pg.secret-key=test_sk_job_outcomes_it",
            "payments.worker.event-key=event-key-of-the-job-outcomes-it-at-least-32-characters",
            "payments.outbox.enabled=false"
        })
@DirtiesContext
class JobOutcomesIT {

    private static final String JDBC_URL = TestDatabases.fresh("pg_job_outcomes_it");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(PgTestInfrastructure.class)
    static class OutboxSlice {}

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    private final List<List<LeasedJobTable.Done<TestJob>>> committed = new ArrayList<>();
    private JobOutcomes<TestJob> outcomes;

    @BeforeEach
    void setUp() {
        jdbc.sql("""
                        CREATE TABLE IF NOT EXISTS test_jobs (
                            order_id        varchar(64) PRIMARY KEY,
                            state           varchar(16) NOT NULL,
                            outcome         varchar(32),
                            attempts        integer     NOT NULL,
                            next_attempt_at timestamptz NOT NULL,
                            lease_until     timestamptz,
                            last_error      varchar(500),
                            updated_at      timestamptz NOT NULL)""").update();
        outcomes = new JobOutcomes<>(
                "test-done",
                new TestJobs(jdbc),
                outbox,
                transactions,
                Clock.systemUTC(),
                (done, dueAgain) -> committed.add(done));
    }

    @Test
    void aBatchMarksItsJobsDoneAndWritesTheirEventsInOneCommit() {
        TestJob answered = pendingJob("answered");
        TestJob silent = pendingJob("silent");

        boolean written =
                outcomes.write(List.of(finished(answered, "APPROVED", true), finished(silent, "EMPTY", false)));

        assertThat(written).isTrue();
        assertThat(row(answered)).isEqualTo(new JobRow("DONE", "APPROVED"));
        assertThat(row(silent)).isEqualTo(new JobRow("DONE", "EMPTY"));
        assertThat(OutboxRow.of(jdbc, answered.orderId())).singleElement().satisfies(row -> assertThat(
                        row.event(json, PgConfirmation.class).id())
                .isEqualTo(EventIds.confirmation(answered.orderId())));
        assertThat(OutboxRow.of(jdbc, silent.orderId())).isEmpty();
        assertThat(committed).singleElement().satisfies(done -> assertThat(done)
                .extracting(LeasedJobTable.Done::outcome)
                .containsExactly("APPROVED", "EMPTY"));
    }

    @Test
    void aBatchWhoseEventCannotBeWrittenRollsBackAsAWholeAndLeavesItsJobsPending() {
        TestJob first = pendingJob("first");
        TestJob refused = pendingJob("refused");

        boolean written;
        try (OutboxFault fault = OutboxFault.refuseRowsOf(jdbc, refused.orderId())) {
            written = outcomes.write(List.of(finished(first, "APPROVED", true), finished(refused, "APPROVED", true)));
        }

        assertThat(written).isFalse();
        // no DONE mark without its event, and no event of the batch either: the jobs are redone after their lease
        assertThat(row(first)).isEqualTo(new JobRow("PENDING", null));
        assertThat(row(refused)).isEqualTo(new JobRow("PENDING", null));
        assertThat(OutboxRow.of(jdbc, first.orderId())).isEmpty();
        assertThat(OutboxRow.of(jdbc, refused.orderId())).isEmpty();
        assertThat(committed).isEmpty();

        assertThat(outcomes.write(List.of(finished(first, "APPROVED", true)))).isTrue();
        assertThat(row(first)).isEqualTo(new JobRow("DONE", "APPROVED"));
        assertThat(OutboxRow.of(jdbc, first.orderId())).hasSize(1);
    }

    @Test
    void theEventOfAJobNoLongerPendingIsWrittenAndItsRowKeptAsItIs() {
        TestJob withdrawn = pendingJob("withdrawn");
        jdbc.sql("UPDATE test_jobs SET state = 'DONE', outcome = 'WITHDRAWN' WHERE order_id = ?")
                .param(withdrawn.orderId())
                .update();

        assertThat(outcomes.write(List.of(finished(withdrawn, "APPROVED", true))))
                .isTrue();

        assertThat(row(withdrawn)).isEqualTo(new JobRow("DONE", "WITHDRAWN"));
        assertThat(OutboxRow.of(jdbc, withdrawn.orderId())).hasSize(1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private TestJob pendingJob(String label) {
        String orderId = TestOrders.newOrderId(label);
        jdbc.sql("""
                        INSERT INTO test_jobs (order_id, state, attempts, next_attempt_at, lease_until, updated_at)
                        VALUES (?, 'PENDING', 1, now(), now() + interval '1 minute', now())""").param(orderId).update();
        return new TestJob(orderId, 1);
    }

    private static JobOutcomes.Finished<TestJob> finished(TestJob job, String outcome, boolean withEvent) {
        Optional<CloudEvent<? extends EventData>> event = withEvent
                ? Optional.of(CloudEvent.of(
                        EventIds.confirmation(job.orderId()),
                        EventSources.WORKER,
                        Clock.systemUTC().instant(),
                        PgConfirmation.approved(job.orderId(), TestOrders.paymentKeyOf(job.orderId()), null)))
                : Optional.empty();
        return new JobOutcomes.Finished<>(job, new Step.Finish(outcome, event));
    }

    private JobRow row(TestJob job) {
        return jdbc.sql("SELECT state, outcome FROM test_jobs WHERE order_id = ?")
                .param(job.orderId())
                .query((rs, row) -> new JobRow(rs.getString("state"), rs.getString("outcome")))
                .single();
    }

    record JobRow(String state, String outcome) {}

    record TestJob(String orderId, int attempts) implements LeasedJob {}

    /** Marks done as the worker's tables do: only rows still PENDING, in the writer's transaction. */
    static final class TestJobs extends LeasedJobTable<TestJob> {

        private final JdbcClient jdbc;

        TestJobs(JdbcClient jdbc) {
            super(jdbc, "test_jobs");
            this.jdbc = jdbc;
        }

        @Override
        protected List<String> markDone(List<Done<TestJob>> done) {
            for (Done<TestJob> job : done) {
                jdbc.sql("UPDATE test_jobs SET state = 'DONE', outcome = ? WHERE order_id = ? AND state = 'PENDING'")
                        .params(job.outcome(), job.job().orderId())
                        .update();
            }
            return List.of();
        }
    }
}
