package dev.payments.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.faults.check.Figures;
import dev.payments.faults.check.ReplayCheck;
import dev.payments.faults.load.OrderKind;
import dev.payments.faults.stack.ProcessStack;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite's smoke run, part of {@code ./mvnw verify}: the system as separate OS processes (Kafka, PostgreSQL,
 * PG sandbox, edge, two workers), one run of 250 orders (plus 25 from a shop's producer; a tenth of them paid by
 * virtual account: deposited, deposited with every webhook twice, deposited unannounced, left past a deadline of a few
 * seconds, transferred at the deadline, reversed after they completed) in which every fault happens once while orders
 * flow (the PG slow, erroring, timing out and dropping webhooks throughout, cancels of some refunds failing, late or
 * never answered; a worker killed with SIGKILL and replaced; the broker restarted on its kept log; PostgreSQL stopped
 * and started; a worker added and another killed) and drift is injected at the PG (an approval behind our back of an
 * expired order, a cancel in the PG's console, a deposit, each with its webhooks dropped); then a reconciliation of the
 * run's window, which must find and heal the drift, run twice; then the whole input topic replayed into a fresh
 * consumer group. Of each refund kind, of the approvals behind our back and of each drift kind there are only two
 * orders, to keep the run short ({@code -Dfault-suite.refund-orders-per-kind=N}), and 250 orders, enough for every kind
 * to be there. Every invariant must hold ({@link Figures#violations()}).
 *
 * <p>The long run is the Maven profile {@code fault-suite-long} (every scenario, each fault alone first, 1000 orders
 * each); {@code -Dfault-suite.scenarios=...} and {@code -Dfault-suite.orders=N} choose freely. The long version with its
 * figures table is {@code ./fault-suite.sh}. Logs and figures: {@code target/fault-runs/<run>/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final int ORDERS = Integer.getInteger("fault-suite.orders", 250);

    /** A handful of refunds, approvals behind our back and drift: at most this many orders of each such kind. */
    private static final int REFUND_ORDERS_PER_KIND = Integer.getInteger("fault-suite.refund-orders-per-kind", 2);

    private static final List<Scenario> SCENARIOS =
            Scenario.parse(System.getProperty("fault-suite.scenarios", "all-together"));

    private ProcessStack stack;
    private FaultSuite suite;

    @BeforeAll
    void startStack() {
        String run = "t" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"));
        Scenario first = SCENARIOS.getFirst();
        stack = ProcessStack.start(
                Path.of("target", "fault-runs", run).toAbsolutePath(), first.workersAtStart(), first.sandboxFaults());
        suite = new FaultSuite(stack, run, 24, REFUND_ORDERS_PER_KIND);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyInvariantHoldsUnderEachScenario() {
        return SCENARIOS.stream()
                .map(scenario -> DynamicTest.dynamicTest(scenario.description(), () -> {
                    Figures figures = suite.run(scenario, ORDERS);
                    System.out.println(
                            figures.table() + figures.reconciliation().text());
                    assertThat(figures.terminalOrders()).isEqualTo(figures.orders());
                    assertThat(figures.violations())
                            .as(figures.table() + "\nexamples:\n  " + String.join("\n  ", figures.examples()))
                            .isEmpty();
                    assertThat(figures.reconciliation().injectedByKind())
                            .as("drift of each kind injected, and found: "
                                    + figures.reconciliation().drift())
                            .containsOnlyKeys(Arrays.stream(OrderKind.values())
                                    .filter(k -> k.drift() != null)
                                    .map(OrderKind::name)
                                    .toArray(String[]::new));
                    assertThat(figures.reconciliation().found())
                            .isEqualTo(figures.reconciliation().injected());
                    assertThat(figures.recoveries())
                            .as("every fault of the scenario happened while orders were still being sent")
                            .hasSize(scenario.faults())
                            .allSatisfy(r -> assertThat(r.resumedAfter())
                                    .as(r.fault() + ": orders completed after it")
                                    .isNotNull());
                }));
    }

    @Test
    @Order(2)
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
        assertThat(result.newCancels()).as(result.table()).isZero();
    }
}
