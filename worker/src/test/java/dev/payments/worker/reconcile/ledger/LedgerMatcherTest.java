package dev.payments.worker.reconcile.ledger;

import static dev.payments.schemas.PgPaymentStatus.CANCELED;
import static dev.payments.schemas.PgPaymentStatus.DONE;
import static dev.payments.schemas.PgPaymentStatus.PARTIAL_CANCELED;
import static dev.payments.schemas.PgPaymentStatus.WAITING_FOR_DEPOSIT;
import static dev.payments.worker.reconcile.ledger.Drift.AMOUNT_MISMATCH;
import static dev.payments.worker.reconcile.ledger.Drift.MATCHED;
import static dev.payments.worker.reconcile.ledger.Drift.MISSING_AT_PG;
import static dev.payments.worker.reconcile.ledger.Drift.MISSING_HERE;
import static dev.payments.worker.reconcile.ledger.Drift.STATUS_MISMATCH;
import static dev.payments.worker.reconcile.ledger.Resolution.HEALED;
import static dev.payments.worker.reconcile.ledger.Resolution.HEALING;
import static dev.payments.worker.reconcile.ledger.Resolution.NONE;
import static dev.payments.worker.reconcile.ledger.Resolution.REPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.schemas.PgPaymentStatus;
import dev.payments.worker.pg.client.PgTransaction;
import dev.payments.worker.reconcile.ledger.OurRecords.Order;
import dev.payments.worker.reconcile.ledger.OurRecords.OrderState;
import dev.payments.worker.reconcile.ledger.OurRecords.Refund;
import dev.payments.worker.reconcile.ledger.OurRecords.RefundState;
import dev.payments.worker.reconcile.ledger.OurRecords.StatusCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of reconciliation (docs/contract.md §5; design: the matching rules of issue 16), each on both sides of
 * its boundary: the window's edges, amounts one won apart, every state of the order and of its refunds, and the rule
 * that asks the PG once.
 */
class LedgerMatcherTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-23T10:15:00Z");
    private static final Window WINDOW = new Window(START, END);
    private static final Instant AT = Instant.parse("2026-11-23T10:05:00Z");

    private static final String ORDER_ID = "order-ledger-1";
    private static final String PAYMENT_KEY = "tgen_payment1";
    private static final String OTHER_KEY = "tgen_someone_else";
    private static final String TX = "tx-000001";
    private static final long AMOUNT = 15_000;

    /** What we hold, built up by each test. */
    private final Map<String, Order> orders = new HashMap<>();

    private final Map<String, List<Refund>> refunds = new HashMap<>();
    private final Map<String, String> depositCancels = new HashMap<>();
    private final Map<String, StatusCheck> checks = new HashMap<>();

    // ---- fixtures ---------------------------------------------------------------------------------------------------

    private static PgTransaction row(PgPaymentStatus status, long amount, Instant at) {
        return new PgTransaction(TX, PAYMENT_KEY, ORDER_ID, "카드", status, at, "KRW", amount);
    }

    private static PgTransaction row(PgPaymentStatus status, long amount) {
        return row(status, amount, AT);
    }

    private Order order(OrderState status, String paymentKey) {
        return order(status, paymentKey, 0);
    }

    private Order order(OrderState status, String paymentKey, long refundedAmount) {
        Order order = new Order(
                ORDER_ID,
                status,
                AMOUNT,
                paymentKey,
                refundedAmount,
                status == OrderState.COMPLETE ? AT.minusSeconds(1) : null,
                null);
        orders.put(ORDER_ID, order);
        return order;
    }

    private Refund refund(
            String refundId, RefundState status, long amount, boolean giveBack, String paymentKey, String tx) {
        Refund refund = new Refund(
                ORDER_ID,
                refundId,
                status,
                amount,
                giveBack,
                paymentKey,
                tx,
                status == RefundState.REQUESTED ? null : AT);
        refunds.computeIfAbsent(ORDER_ID, id -> new ArrayList<>()).add(refund);
        return refund;
    }

    private void check(boolean pending, Instant updatedAt) {
        checks.put(ORDER_ID, new StatusCheck(ORDER_ID, pending, updatedAt));
    }

    private Item classify(PgTransaction row) {
        List<Item> items =
                LedgerMatcher.pgRows(List.of(row), WINDOW, new OurRecords(orders, refunds, depositCancels, checks));
        assertThat(items).hasSize(1);
        return items.getFirst();
    }

    private static void assertClassified(Item item, Drift drift, Resolution resolution, boolean lookUp) {
        assertThat(item.drift()).as("class").isEqualTo(drift);
        assertThat(item.resolution()).as("resolution").isEqualTo(resolution);
        assertThat(item.lookUp()).as("asks for a look-up").isEqualTo(lookUp);
    }

    // ---- the window -------------------------------------------------------------------------------------------------

    @Nested
    class TheWindow {

        @Test
        void aRowAtTheWindowsStartIsClassifiedAndOneJustBeforeIsOnlyFetched() {
            order(OrderState.COMPLETE, PAYMENT_KEY);
            OurRecords ours = new OurRecords(orders, refunds, depositCancels, checks);

            assertThat(LedgerMatcher.pgRows(List.of(row(DONE, AMOUNT, START)), WINDOW, ours))
                    .hasSize(1);
            assertThat(LedgerMatcher.pgRows(List.of(row(DONE, AMOUNT, START.minusMillis(1))), WINDOW, ours))
                    .isEmpty();
        }

        @Test
        void aRowJustBeforeTheWindowsEndIsClassifiedAndOneAtItsEndIsOnlyFetched() {
            order(OrderState.COMPLETE, PAYMENT_KEY);
            OurRecords ours = new OurRecords(orders, refunds, depositCancels, checks);

            assertThat(LedgerMatcher.pgRows(List.of(row(DONE, AMOUNT, END.minusMillis(1))), WINDOW, ours))
                    .hasSize(1);
            assertThat(LedgerMatcher.pgRows(List.of(row(DONE, AMOUNT, END)), WINDOW, ours))
                    .isEmpty();
        }

        @Test
        void aRowsItemCarriesItsKeysStatusAmountAndTime() {
            order(OrderState.COMPLETE, PAYMENT_KEY);

            Item item = classify(row(DONE, AMOUNT));

            assertThat(item)
                    .isEqualTo(new Item(
                            MATCHED,
                            NONE,
                            Source.PG_APPROVAL,
                            ORDER_ID,
                            PAYMENT_KEY,
                            TX,
                            null,
                            "DONE",
                            AMOUNT,
                            "COMPLETE",
                            AMOUNT,
                            AT,
                            null,
                            false));
        }
    }

    // ---- approvals --------------------------------------------------------------------------------------------------

    @Nested
    class Approvals {

        @Test
        void ofAnOrderWeDoNotKnowIsMissingHereAndReported() {
            Item item = classify(row(DONE, AMOUNT));

            assertClassified(item, MISSING_HERE, REPORTED, false);
            assertThat(item.source()).isEqualTo(Source.PG_APPROVAL);
            assertThat(item.ourStatus()).isNull();
            assertThat(item.ourAmount()).isNull();
        }

        @ParameterizedTest
        @EnumSource(OrderState.class)
        void ofAPaymentTheOrderDoesNotHoldIsMissingHereAndReported(OrderState state) {
            order(state, OTHER_KEY);

            assertClassified(classify(row(DONE, AMOUNT)), MISSING_HERE, REPORTED, false);
        }

        @Test
        void ofACompleteOrderForItsAmountIsMatched() {
            order(OrderState.COMPLETE, PAYMENT_KEY);

            assertClassified(classify(row(DONE, AMOUNT)), MATCHED, NONE, false);
        }

        @ParameterizedTest
        @ValueSource(longs = {AMOUNT - 1, AMOUNT + 1})
        void ofACompleteOrderForAnotherAmountIsAnAmountMismatchReported(long pgAmount) {
            order(OrderState.COMPLETE, PAYMENT_KEY);

            Item item = classify(row(DONE, pgAmount));

            assertClassified(item, AMOUNT_MISMATCH, REPORTED, false);
            assertThat(item.pgAmount()).isEqualTo(pgAmount);
            assertThat(item.ourAmount()).isEqualTo(AMOUNT);
        }

        @ParameterizedTest
        @EnumSource(
                value = OrderState.class,
                names = {"PREPAY", "IN_PROGRESS", "SUCCESS", "AWAITING_DEPOSIT"})
        void ofAnOrderNotCompleteYetIsMissingHereAndLooksThePaymentUp(OrderState state) {
            order(state, state == OrderState.PREPAY ? null : PAYMENT_KEY);

            Item item = classify(row(DONE, AMOUNT));

            assertClassified(item, MISSING_HERE, HEALING, true);
            assertThat(item.paymentKey()).isEqualTo(PAYMENT_KEY);
            assertThat(item.ourStatus()).isEqualTo(state.name());
        }

        @ParameterizedTest
        @EnumSource(
                value = OrderState.class,
                names = {"FAIL", "CANCEL"})
        void ofAnEndedOrderNotGivenBackIsAStatusMismatchThatLooksThePaymentUp(OrderState state) {
            order(state, null);

            assertClassified(classify(row(DONE, AMOUNT)), STATUS_MISMATCH, HEALING, true);
        }

        @ParameterizedTest
        @EnumSource(
                value = OrderState.class,
                names = {"FAIL", "CANCEL"})
        void ofAnEndedOrderWhoseGiveBackSucceededForTheApprovedAmountIsMatched(OrderState state) {
            order(state, PAYMENT_KEY);
            refund("giveback-1", RefundState.SUCCEEDED, AMOUNT, true, PAYMENT_KEY, "tx-giveback");

            Item item = classify(row(DONE, AMOUNT));

            assertClassified(item, MATCHED, NONE, false);
            assertThat(item.refundId()).isEqualTo("giveback-1");
        }

        @ParameterizedTest
        @ValueSource(longs = {AMOUNT - 1, AMOUNT + 1})
        void ofAnEndedOrderGivenBackForAnotherAmountIsAnAmountMismatchReported(long givenBack) {
            order(OrderState.CANCEL, PAYMENT_KEY);
            refund("giveback-1", RefundState.SUCCEEDED, givenBack, true, PAYMENT_KEY, "tx-giveback");

            Item item = classify(row(DONE, AMOUNT));

            assertClassified(item, AMOUNT_MISMATCH, REPORTED, false);
            assertThat(item.ourAmount()).isEqualTo(givenBack);
        }

        @Test
        void ofAnEndedOrderBeingGivenBackIsAStatusMismatchHealingWithoutANewLookUp() {
            order(OrderState.CANCEL, PAYMENT_KEY);
            refund("giveback-1", RefundState.REQUESTED, AMOUNT, true, PAYMENT_KEY, null);

            Item item = classify(row(DONE, AMOUNT));

            assertClassified(item, STATUS_MISMATCH, HEALING, false);
            assertThat(item.ourStatus()).isEqualTo("REQUESTED");
        }

        @Test
        void ofAnEndedOrderWhoseGiveBackFailedIsAStatusMismatchReported() {
            order(OrderState.FAIL, PAYMENT_KEY);
            refund("giveback-1", RefundState.FAILED, AMOUNT, true, PAYMENT_KEY, null);

            assertClassified(classify(row(DONE, AMOUNT)), STATUS_MISMATCH, REPORTED, false);
        }

        @Test
        void aShopsRefundOrAGiveBackOfAnotherPaymentIsNoGiveBackOfThisOne() {
            order(OrderState.CANCEL, null);
            refund("shop-refund", RefundState.SUCCEEDED, AMOUNT, false, PAYMENT_KEY, "tx-shop");
            refund("giveback-other", RefundState.SUCCEEDED, AMOUNT, true, OTHER_KEY, "tx-other");

            assertClassified(classify(row(DONE, AMOUNT)), STATUS_MISMATCH, HEALING, true);
        }
    }

    // ---- a heal is asked once ---------------------------------------------------------------------------------------

    @Nested
    class AskedOnce {

        @Test
        void whileALookUpIsPendingNoneIsAskedForAndTheItemIsHealing() {
            order(OrderState.IN_PROGRESS, PAYMENT_KEY);
            check(true, AT.minusSeconds(60));

            assertClassified(classify(row(DONE, AMOUNT)), MISSING_HERE, HEALING, false);
        }

        @Test
        void aLookUpThatEndedAfterTheTransactionWithoutSettlingItLeavesItToAnOperator() {
            order(OrderState.IN_PROGRESS, PAYMENT_KEY);
            check(false, AT.plusMillis(1));

            Item item = classify(row(DONE, AMOUNT));

            assertClassified(item, MISSING_HERE, REPORTED, false);
            assertThat(item.detail()).contains("did not settle it");
        }

        @Test
        void aLookUpThatEndedAtTheTransactionOrBeforeItSaysNothingOfItSoOneIsAskedFor() {
            order(OrderState.IN_PROGRESS, PAYMENT_KEY);
            check(false, AT);
            assertClassified(classify(row(DONE, AMOUNT)), MISSING_HERE, HEALING, true);

            check(false, AT.minusMillis(1));
            assertClassified(classify(row(DONE, AMOUNT)), MISSING_HERE, HEALING, true);
        }

        @Test
        void theSameRuleHoldsForAStatusMismatchAndAConsoleCancel() {
            order(OrderState.CANCEL, null);
            check(false, AT.plusSeconds(1));
            assertClassified(classify(row(DONE, AMOUNT)), STATUS_MISMATCH, REPORTED, false);

            order(OrderState.COMPLETE, PAYMENT_KEY);
            assertClassified(classify(row(CANCELED, AMOUNT)), MISSING_HERE, REPORTED, false);
            check(true, AT.plusSeconds(1));
            assertClassified(classify(row(CANCELED, AMOUNT)), MISSING_HERE, HEALING, false);
        }
    }

    // ---- issuances --------------------------------------------------------------------------------------------------

    @Nested
    class Issuances {

        @ParameterizedTest
        @EnumSource(OrderState.class)
        void ofTheOrdersPaymentOrOneNotNamedYetIsMatchedInEveryState(OrderState state) {
            order(state, PAYMENT_KEY);
            Item item = classify(row(WAITING_FOR_DEPOSIT, AMOUNT));
            assertClassified(item, MATCHED, NONE, false);
            assertThat(item.source()).isEqualTo(Source.PG_ISSUANCE);

            order(state, null);
            assertClassified(classify(row(WAITING_FOR_DEPOSIT, AMOUNT)), MATCHED, NONE, false);
        }

        @Test
        void ofAnOrderWeDoNotKnowOrOfAnotherPaymentIsMissingHereAndReported() {
            assertClassified(classify(row(WAITING_FOR_DEPOSIT, AMOUNT)), MISSING_HERE, REPORTED, false);

            order(OrderState.AWAITING_DEPOSIT, OTHER_KEY);
            assertClassified(classify(row(WAITING_FOR_DEPOSIT, AMOUNT)), MISSING_HERE, REPORTED, false);
        }
    }

    // ---- cancels ----------------------------------------------------------------------------------------------------

    @Nested
    class Cancels {

        @ParameterizedTest
        @EnumSource(
                value = PgPaymentStatus.class,
                names = {"CANCELED", "PARTIAL_CANCELED"})
        void ofOurRefundWithItsTransactionKeyAndAmountIsMatched(PgPaymentStatus status) {
            order(OrderState.COMPLETE, PAYMENT_KEY, 5_000);
            refund("refund-1", RefundState.SUCCEEDED, 5_000, false, PAYMENT_KEY, TX);

            Item item = classify(row(status, 5_000));

            assertClassified(item, MATCHED, NONE, false);
            assertThat(item.source()).isEqualTo(Source.PG_CANCEL);
            assertThat(item.refundId()).isEqualTo("refund-1");
            assertThat(item.ourStatus()).isEqualTo("SUCCEEDED");
        }

        @ParameterizedTest
        @ValueSource(longs = {4_999, 5_001})
        void ofOurRefundForAnotherAmountIsAnAmountMismatchReported(long canceled) {
            order(OrderState.COMPLETE, PAYMENT_KEY, 5_000);
            refund("refund-1", RefundState.SUCCEEDED, 5_000, false, PAYMENT_KEY, TX);

            Item item = classify(row(PARTIAL_CANCELED, canceled));

            assertClassified(item, AMOUNT_MISMATCH, REPORTED, false);
            assertThat(item.refundId()).isEqualTo("refund-1");
        }

        @Test
        void theGiveBackOfAnEndedOrderIsMatchedByItsTransactionKey() {
            order(OrderState.CANCEL, PAYMENT_KEY);
            refund("giveback-1", RefundState.SUCCEEDED, AMOUNT, true, PAYMENT_KEY, TX);

            assertClassified(classify(row(CANCELED, AMOUNT)), MATCHED, NONE, false);
        }

        @ParameterizedTest
        @EnumSource(
                value = OrderState.class,
                names = {"FAIL", "CANCEL"})
        void ourCancelOfAnUnpaidVirtualAccountIsMatched(OrderState state) {
            order(state, PAYMENT_KEY);
            depositCancels.put(ORDER_ID, PAYMENT_KEY);

            assertClassified(classify(row(CANCELED, AMOUNT)), MATCHED, NONE, false);
        }

        @Test
        void aDepositCancelOfAnotherPaymentMatchesNothing() {
            order(OrderState.CANCEL, null);
            depositCancels.put(ORDER_ID, OTHER_KEY);

            assertClassified(classify(row(CANCELED, AMOUNT)), MISSING_HERE, REPORTED, false);
        }

        @ParameterizedTest
        @EnumSource(
                value = OrderState.class,
                names = {"COMPLETE", "CANCEL"})
        void whileARefundOfThePaymentAwaitsItsAnswerItIsMissingHereHealingWithoutALookUp(OrderState state) {
            order(state, PAYMENT_KEY);
            refund("refund-1", RefundState.REQUESTED, AMOUNT, state == OrderState.CANCEL, PAYMENT_KEY, null);

            Item item = classify(row(CANCELED, AMOUNT));

            assertClassified(item, MISSING_HERE, HEALING, false);
            assertThat(item.refundId()).isEqualTo("refund-1");
        }

        @Test
        void ofACompleteOrderThatAlreadyFollowedACancelAtThePgIsHealed() {
            order(OrderState.COMPLETE, PAYMENT_KEY, 5_001);
            refund("refund-1", RefundState.SUCCEEDED, 5_000, false, PAYMENT_KEY, "tx-refund-1");

            Item item = classify(row(PARTIAL_CANCELED, 1));

            assertClassified(item, MISSING_HERE, HEALED, false);
            assertThat(item.detail()).contains("CANCELED_AT_PG");
        }

        @ParameterizedTest
        @EnumSource(
                value = PgPaymentStatus.class,
                names = {"CANCELED", "PARTIAL_CANCELED"})
        void ofACompleteOrderWhoseRefundsAccountForAllItGaveBackLooksThePaymentUp(PgPaymentStatus status) {
            order(OrderState.COMPLETE, PAYMENT_KEY, 5_000);
            refund("refund-1", RefundState.SUCCEEDED, 5_000, false, PAYMENT_KEY, "tx-refund-1");
            refund("refund-2", RefundState.FAILED, 3_000, false, PAYMENT_KEY, null);

            Item item = classify(row(status, 3_000));

            assertClassified(item, MISSING_HERE, HEALING, true);
            assertThat(item.refundId()).isNull();
        }

        @Test
        void ofAnOrderAwaitingItsDepositLooksThePaymentUp() {
            order(OrderState.AWAITING_DEPOSIT, PAYMENT_KEY);

            assertClassified(classify(row(CANCELED, AMOUNT)), MISSING_HERE, HEALING, true);
        }

        @ParameterizedTest
        @EnumSource(
                value = OrderState.class,
                names = {"FAIL", "CANCEL", "PREPAY", "IN_PROGRESS", "SUCCESS"})
        void ofAnOrderThatKeptNoMoneyWithoutARefundOfOursIsMissingHereAndReported(OrderState state) {
            order(state, PAYMENT_KEY);

            assertClassified(classify(row(CANCELED, AMOUNT)), MISSING_HERE, REPORTED, false);
        }

        @Test
        void ofAnOrderThatEndedOnThePgsWordThatThePaymentWasCancelledIsHealed() {
            orders.put(ORDER_ID, new Order(ORDER_ID, OrderState.CANCEL, AMOUNT, PAYMENT_KEY, 0, null, "PG_CANCELED"));

            Item item = classify(row(CANCELED, AMOUNT));

            assertClassified(item, MISSING_HERE, HEALED, false);
            assertThat(item.detail()).contains("PG_CANCELED");
        }

        @ParameterizedTest
        @ValueSource(strings = {"EXPIRED", "PAY_PROCESS_CANCELED", "DEPOSIT_EXPIRED"})
        void ofAnOrderCancelledForAnotherReasonWithoutARefundOfOursIsReported(String reason) {
            orders.put(ORDER_ID, new Order(ORDER_ID, OrderState.CANCEL, AMOUNT, PAYMENT_KEY, 0, null, reason));

            assertClassified(classify(row(CANCELED, AMOUNT)), MISSING_HERE, REPORTED, false);
        }

        @Test
        void ofAnOrderWeDoNotKnowOrOfAPaymentTheOrderDoesNotHoldIsMissingHereAndReported() {
            assertClassified(classify(row(CANCELED, AMOUNT)), MISSING_HERE, REPORTED, false);

            order(OrderState.COMPLETE, OTHER_KEY);
            assertClassified(classify(row(CANCELED, AMOUNT)), MISSING_HERE, REPORTED, false);
        }

        @Test
        void aRefundWithAnotherTransactionKeyIsNotThisCancel() {
            order(OrderState.COMPLETE, PAYMENT_KEY, 5_000);
            refund("refund-1", RefundState.SUCCEEDED, 5_000, false, PAYMENT_KEY, "tx-another");

            assertClassified(classify(row(PARTIAL_CANCELED, 5_000)), MISSING_HERE, HEALING, true);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = PgPaymentStatus.class,
            names = {"READY", "IN_PROGRESS", "ABORTED", "EXPIRED", "OTHER"})
    void aRowOfAStatusThatMovesNoMoneyWeMatchIsReportedForAnOperator(PgPaymentStatus status) {
        order(OrderState.COMPLETE, PAYMENT_KEY);

        Item item = classify(row(status, AMOUNT));

        assertClassified(item, MISSING_HERE, REPORTED, false);
        assertThat(item.source()).isEqualTo(Source.PG_OTHER);
    }

    // ---- ours, missing at the PG ------------------------------------------------------------------------------------

    @Nested
    class Ours {

        private static Order completeAt(String orderId, String paymentKey, Instant approvedAt) {
            return new Order(orderId, OrderState.COMPLETE, AMOUNT, paymentKey, 0, approvedAt, null);
        }

        private static Refund succeededAt(String refundId, String transactionKey, Instant completedAt) {
            return new Refund(
                    ORDER_ID, refundId, RefundState.SUCCEEDED, 5_000, false, PAYMENT_KEY, transactionKey, completedAt);
        }

        @Test
        void aCompleteOrderWhosePaymentThePgListsNoApprovalOfIsMissingAtThePgAndReported() {
            Order order = completeAt(ORDER_ID, PAYMENT_KEY, AT);

            List<Item> items = LedgerMatcher.ours(WINDOW, List.of(order), List.of(), Set.of(), Set.of());

            assertThat(items)
                    .containsExactly(new Item(
                            MISSING_AT_PG,
                            REPORTED,
                            Source.OUR_ORDER,
                            ORDER_ID,
                            PAYMENT_KEY,
                            null,
                            null,
                            null,
                            null,
                            "COMPLETE",
                            AMOUNT,
                            AT,
                            "COMPLETE here; the PG lists no approval of its payment",
                            false));
        }

        @Test
        void anApprovalFetchedAnywhereMatchesIncludingInTheMargins() {
            Order order = completeAt(ORDER_ID, PAYMENT_KEY, AT);

            assertThat(LedgerMatcher.ours(WINDOW, List.of(order), List.of(), Set.of(PAYMENT_KEY), Set.of()))
                    .isEmpty();
        }

        @Test
        void onlyOrdersApprovedInsideTheWindowAreOurs() {
            List<Order> orders = List.of(
                    completeAt("at-start", "key-1", START),
                    completeAt("before-start", "key-2", START.minusMillis(1)),
                    completeAt("before-end", "key-3", END.minusMillis(1)),
                    completeAt("at-end", "key-4", END));

            assertThat(LedgerMatcher.ours(WINDOW, orders, List.of(), Set.of(), Set.of()))
                    .extracting(Item::orderId)
                    .containsExactly("at-start", "before-end");
        }

        @Test
        void aSucceededRefundWhoseCancelThePgDoesNotListIsMissingAtThePgAndReported() {
            List<Refund> refunded = List.of(
                    succeededAt("listed", "tx-listed", AT),
                    succeededAt("not-listed", "tx-not-listed", AT),
                    succeededAt("without-key", null, AT),
                    succeededAt("before-start", "tx-early", START.minus(Duration.ofMillis(1))),
                    succeededAt("at-end", "tx-late", END));

            List<Item> items = LedgerMatcher.ours(WINDOW, List.of(), refunded, Set.of(), Set.of("tx-listed"));

            assertThat(items).extracting(Item::refundId).containsExactly("not-listed", "without-key");
            assertThat(items).allSatisfy(item -> {
                assertClassified(item, MISSING_AT_PG, REPORTED, false);
                assertThat(item.source()).isEqualTo(Source.OUR_REFUND);
                assertThat(item.ourStatus()).isEqualTo("SUCCEEDED");
                assertThat(item.ourAmount()).isEqualTo(5_000);
                assertThat(item.occurredAt()).isEqualTo(AT);
            });
        }
    }

    @Test
    void onlyAMatchedItemHasNoResolutionAndOnlyAHealingOneAsksForALookUp() {
        assertThatThrownBy(() -> bare(MATCHED, REPORTED, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bare(MISSING_HERE, NONE, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bare(MISSING_HERE, REPORTED, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bare(MISSING_HERE, HEALING, true).lookUp()).isTrue();
    }

    private static Item bare(Drift drift, Resolution resolution, boolean lookUp) {
        return new Item(
                drift,
                resolution,
                Source.PG_APPROVAL,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                AT,
                null,
                lookUp);
    }
}
