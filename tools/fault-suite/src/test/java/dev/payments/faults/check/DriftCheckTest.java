package dev.payments.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.faults.check.DriftCheck.Injected;
import dev.payments.faults.check.InvariantChecker.Completion;
import dev.payments.faults.check.InvariantChecker.Ledger;
import dev.payments.faults.check.ReconciliationRun.Item;
import dev.payments.faults.load.OrderKind;
import dev.payments.faults.load.PlannedOrder.ConsoleCancel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The drift rules of the checker, on hand-made items and orders: each must hold on a good case and break on a bad one. */
class DriftCheckTest {

    private static final Injected EXPIRED = new Injected("o-1", OrderKind.APPROVED_AFTER_EXPIRY, null);
    private static final Injected CONSOLE = new Injected("o-2", OrderKind.CONSOLE_CANCEL, "tx-console");
    private static final Injected DEPOSIT = new Injected("o-3", OrderKind.VA_DEPOSIT_UNANNOUNCED, null);
    private static final Map<String, Injected> INJECTED = Map.of("o-1", EXPIRED, "o-2", CONSOLE, "o-3", DEPOSIT);

    @Test
    void eachDriftIsFoundWhenTheFirstRunListsItsRowWithItsClassAndSourceHealing() {
        assertThat(DriftCheck.found(EXPIRED, List.of(item("o-1", "STATUS_MISMATCH", "HEALING", "PG_APPROVAL", "tx-1"))))
                .isNull();
        assertThat(DriftCheck.found(
                        CONSOLE, List.of(item("o-2", "MISSING_HERE", "HEALING", "PG_CANCEL", "tx-console"))))
                .isNull();
        assertThat(DriftCheck.found(DEPOSIT, List.of(item("o-3", "MISSING_HERE", "HEALING", "PG_APPROVAL", "tx-3"))))
                .isNull();
    }

    @Test
    void aDriftNotListedListedAsAnotherClassOrNotHealingIsNotFound() {
        assertThat(DriftCheck.found(EXPIRED, List.of())).contains("did not find the drift");
        assertThat(DriftCheck.found(EXPIRED, List.of(item("o-1", "MISSING_HERE", "HEALING", "PG_APPROVAL", "tx-1"))))
                .contains("did not find the drift")
                .contains("MISSING_HERE HEALING PG_APPROVAL: order o-1");
        assertThat(DriftCheck.found(
                        CONSOLE, List.of(item("o-2", "MISSING_HERE", "HEALING", "PG_CANCEL", "tx-another-cancel"))))
                .as("another cancel of the payment")
                .contains("did not find the drift");
        assertThat(DriftCheck.found(DEPOSIT, List.of(item("o-3", "MISSING_HERE", "REPORTED", "PG_APPROVAL", "tx-3"))))
                .contains("not one item HEALING");
    }

    @Test
    void onceHealedAnApprovalIsMatchedAndAConsoleCancelListedHealed() {
        assertThat(DriftCheck.settled(EXPIRED, List.of())).isNull();
        assertThat(DriftCheck.settled(DEPOSIT, List.of(item("o-9", "MISSING_HERE", "HEALED", "PG_CANCEL", "tx-9"))))
                .isNull();
        assertThat(DriftCheck.settled(
                        CONSOLE, List.of(item("o-2", "MISSING_HERE", "HEALED", "PG_CANCEL", "tx-console"))))
                .isNull();
    }

    @Test
    void aDriftStillHealingOrListedOnceHealedIsNotSettled() {
        assertThat(DriftCheck.settled(DEPOSIT, List.of(item("o-3", "MISSING_HERE", "HEALING", "PG_APPROVAL", "tx-3"))))
                .contains("still listed once healed");
        assertThat(DriftCheck.settled(
                        CONSOLE, List.of(item("o-2", "MISSING_HERE", "HEALING", "PG_CANCEL", "tx-console"))))
                .contains("not one MISSING_HERE PG_CANCEL HEALED");
        assertThat(DriftCheck.settled(CONSOLE, List.of())).contains("not one MISSING_HERE PG_CANCEL HEALED");
    }

    @Test
    void everyItemThatIsNoInjectedDriftsIsUnexpected() {
        Item drift = item("o-1", "STATUS_MISMATCH", "HEALING", "PG_APPROVAL", "tx-1");
        Item consoleHealed = item("o-2", "MISSING_HERE", "HEALED", "PG_CANCEL", "tx-console");
        Item otherOrder = item("o-7", "MISSING_AT_PG", "REPORTED", "OUR_ORDER", null);
        Item otherClass = item("o-3", "AMOUNT_MISMATCH", "REPORTED", "PG_APPROVAL", "tx-3");
        Item noOrder = item(null, "MISSING_HERE", "REPORTED", "PG_APPROVAL", "tx-x");
        assertThat(DriftCheck.unexpected(
                        List.of(drift, consoleHealed, otherOrder, otherClass, noOrder), INJECTED, false))
                .containsExactly(otherOrder, otherClass, noOrder);
        assertThat(DriftCheck.unexpected(List.of(drift, consoleHealed), INJECTED, true))
                .as("an approval's drift is matched once healed")
                .containsExactly(drift);
    }

    @Test
    void aPaymentApprovedAfterItsOrderExpiredIsGivenBackOnce() {
        assertThat(DriftCheck.approvedAfterExpiryGivenBack("CANCEL", "EXPIRED", 10_000, pg(1, "CANCELED", 1, 10_000)))
                .isNull();
        assertThat(DriftCheck.approvedAfterExpiryGivenBack("CANCEL", "EXPIRED", 10_000, pg(1, "CANCELED", 2, 20_000)))
                .contains("not one cancel of 10000");
        assertThat(DriftCheck.approvedAfterExpiryGivenBack("CANCEL", "EXPIRED", 10_000, pg(1, "DONE", 0, 0)))
                .contains("the PG shows DONE");
        assertThat(DriftCheck.approvedAfterExpiryGivenBack("COMPLETE", null, 10_000, pg(1, "DONE", 0, 0)))
                .contains("the order ended COMPLETE");
    }

    @Test
    void aConsoleCancelIsFollowedByRefundedAmountAndOneCanceledAtPgRecord() {
        ConsoleCancel cancel = new ConsoleCancel(4_000, "tx-console");
        Completion anomaly = anomaly("o-2:anomaly:CANCELED_AT_PG");
        assertThat(DriftCheck.consoleCancelFollowed("o-2", "COMPLETE", 4_000, 0, cancel, List.of(anomaly, anomaly)))
                .isNull();
        assertThat(DriftCheck.consoleCancelFollowed("o-2", "COMPLETE", 0, 0, cancel, List.of(anomaly)))
                .contains("refunded_amount is 0");
        assertThat(DriftCheck.consoleCancelFollowed("o-2", "COMPLETE", 4_000, 0, cancel, List.of()))
                .contains("surfaced by [], not one o-2:anomaly:CANCELED_AT_PG");
        assertThat(DriftCheck.consoleCancelFollowed("o-2", "CANCEL", 4_000, 0, cancel, List.of(anomaly)))
                .contains("the order is CANCEL");
    }

    @Test
    void anUnannouncedDepositIsOneTheSandboxDroppedWebhooksOf() {
        assertThat(DriftCheck.depositUnannounced(new Ledger(1, "DONE", 0, 0, Set.of(), 1, 0, 2, 0)))
                .isNull();
        assertThat(DriftCheck.depositUnannounced(new Ledger(1, "DONE", 0, 0, Set.of(), 1, 0, 0, 0)))
                .contains("0 webhooks dropped");
    }

    @Test
    void aRunIsReadAsTheEndpointAnswersIt() {
        ReconciliationRun run =
                ReconciliationRun.parse(JsonMapper.builder().build().readTree("""
                        {"runId": 7, "kind": "MANUAL", "windowStart": "2026-11-24T00:00:00Z",
                         "windowEnd": "2026-11-24T00:05:00Z", "state": "DONE", "startedAt": "2026-11-24T00:06:00Z",
                         "finishedAt": "2026-11-24T00:06:01Z", "pgTransactions": 12,
                         "counts": {"MATCHED": 10, "AMOUNT_MISMATCH": 0, "MISSING_HERE": 1, "MISSING_AT_PG": 0,
                                    "STATUS_MISMATCH": 1},
                         "resolutions": {"HEALING": 2, "HEALED": 0, "REPORTED": 0}, "error": null,
                         "items": [{"runId": 7, "class": "STATUS_MISMATCH", "resolution": "HEALING",
                                    "source": "PG_APPROVAL", "orderId": "o-1", "paymentKey": "pk-1",
                                    "transactionKey": "tx-1", "refundId": null, "pgStatus": "DONE", "pgAmount": 10000,
                                    "ourStatus": "CANCEL", "ourAmount": 10000,
                                    "occurredAt": "2026-11-24T00:01:00Z", "detail": null}]}"""));
        assertThat(run.done()).isTrue();
        assertThat(run.windowEnd()).hasToString("2026-11-24T00:05:00Z");
        assertThat(run.unmatched()).isEqualTo(2);
        assertThat(run.resolved(ReconciliationRun.HEALING)).isEqualTo(2);
        assertThat(run.items())
                .containsExactly(new Item(
                        "STATUS_MISMATCH",
                        "HEALING",
                        "PG_APPROVAL",
                        "o-1",
                        "pk-1",
                        "tx-1",
                        null,
                        "DONE",
                        10_000L,
                        "CANCEL",
                        10_000L,
                        "2026-11-24T00:01:00Z",
                        null));
        assertThat(run.summary())
                .isEqualTo("run 7 DONE: 12 PG transactions; 10 matched, 0 amount mismatch, 1 missing here, 0 missing at"
                        + " PG, 1 status mismatch; 2 healing, 0 healed, 0 reported");
    }

    private static Item item(String orderId, String itemClass, String resolution, String source, String tx) {
        return new Item(
                itemClass, resolution, source, orderId, "pk", tx, null, "DONE", 10_000L, "CANCEL", 10_000L, null, null);
    }

    private static Ledger pg(long approvals, String status, long cancels, long canceledAmount) {
        return new Ledger(approvals, status, cancels, canceledAmount, Set.of("pk"), 0, 0);
    }

    private static Completion anomaly(String id) {
        return new Completion("o-2", id, "payment.order.anomaly", null, null, "CANCELED_AT_PG");
    }
}
