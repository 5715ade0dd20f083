package dev.payments.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.faults.check.Figures;
import dev.payments.faults.check.ReplayCheck;
import dev.payments.faults.stack.ProcessStack;
import dev.payments.faults.stack.SandboxFaults;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The short fault suite: the system as separate OS processes (Kafka, PostgreSQL, PG sandbox, edge, workers), each fault
 * once with a few hundred orders, then every fault together, then the whole input topic replayed into a fresh consumer
 * group. Every scenario must keep every invariant ({@link Figures#violations()}). Logs and figures are under {@code
 * target/fault-runs/<run>/}. The long version is {@code ./fault-suite.sh}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final int ORDERS = 250;

    private ProcessStack stack;
    private FaultSuite suite;

    @BeforeAll
    void startStack() {
        String run = "t" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"));
        stack = ProcessStack.start(Path.of("target", "fault-runs", run).toAbsolutePath(), 1, SandboxFaults.NONE);
        suite = new FaultSuite(stack, run, 24);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void baselineKeepsEveryInvariant() {
        holds(suite.run(Scenario.BASELINE, ORDERS));
    }

    @Test
    @Order(2)
    void workerKilledWithSigkillMidLoadAndRestarted() {
        holds(recovered(suite.run(Scenario.KILL_WORKER, ORDERS)));
    }

    @Test
    @Order(3)
    void kafkaBrokerRestartedMidLoad() {
        holds(recovered(suite.run(Scenario.BROKER_RESTART, ORDERS)));
    }

    @Test
    @Order(4)
    void postgresStoppedAndStartedMidLoad() {
        holds(recovered(suite.run(Scenario.POSTGRES_RESTART, ORDERS)));
    }

    @Test
    @Order(5)
    void workersAddedAndKilledInOneConsumerGroup() {
        holds(recovered(suite.run(Scenario.REBALANCE, ORDERS)));
    }

    @Test
    @Order(6)
    void pgSlowErroringTimingOutAndDroppingWebhooks() {
        holds(suite.run(Scenario.SANDBOX_FAULTS, ORDERS));
    }

    @Test
    @Order(7)
    void everyFaultTogether() {
        holds(recovered(suite.run(Scenario.ALL_TOGETHER, ORDERS)));
    }

    @Test
    @Order(8)
    void replayOfTheWholeInputTopicIntoAFreshGroupChangesNothing() {
        ReplayCheck.Result result = suite.replay();
        System.out.println(result.table());
        assertThat(result.records()).isPositive();
        assertThat(result.newTimelineRows())
                .as("every replayed record is read and recorded")
                .isPositive();
        assertThat(result.changedOrders()).as(result.table()).isZero();
        assertThat(result.newCompletions()).as(result.table()).isZero();
        assertThat(result.newApprovals()).as(result.table()).isZero();
    }

    private static Figures recovered(Figures figures) {
        assertThat(figures.recoveries()).as("faults injected").isNotEmpty();
        assertThat(figures.recoveries()).as(figures.table()).allSatisfy(r -> assertThat(r.resumedAfter())
                .isNotNull());
        return figures;
    }

    private static void holds(Figures figures) {
        System.out.println(figures.table());
        assertThat(figures.terminalOrders()).isEqualTo(figures.orders());
        assertThat(figures.violations())
                .as(figures.table() + "\nexamples:\n  " + String.join("\n  ", figures.examples()))
                .isEmpty();
    }
}
