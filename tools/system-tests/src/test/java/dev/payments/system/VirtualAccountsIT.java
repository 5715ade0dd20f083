package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventType;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.Topics;
import dev.payments.schemas.VirtualAccount;
import dev.payments.system.EdgeClient.IssuedOrder;
import dev.payments.system.OrderProbe.TimelineRow;
import dev.payments.testsupport.KafkaRecords;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Virtual accounts (가상계좌) and the other methods end to end (docs/contract.md §2 AWAITING_DEPOSIT, §3, §4 webhooks,
 * §5): the buyer pays at our Toss-compatible sandbox, which issues the account at the worker's confirm and announces a
 * deposit, its reversal or a cancel by Toss's flat {@code DEPOSIT_CALLBACK} and {@code PAYMENT_STATUS_CHANGED}; forged
 * callbacks are posted to the edge as anyone could. Every test checks the money at the PG (its ledger) besides our
 * records: one outcome and one completion per order, no approval for an account that was never paid. The tests run in
 * parallel, each on orders of its own; an account's validity is a few seconds where its deadline matters.
 */
class VirtualAccountsIT extends SandboxSystemTestBase {

    static final Duration SETTLED = Duration.ofSeconds(45);
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Everything the stack logs while these tests run: no line may show a buyer's account number. */
    static OutputTee output;

    @BeforeAll
    static void captureOutput() {
        output = OutputTee.install();
    }

    @AfterAll
    static void releaseOutput() {
        output.close();
    }

    @ConcurrentTest
    void aDepositAnnouncedByTheFlatCallbackWithItsSecretCompletesTheOrderOnce() {
        Awaiting va = awaitingDeposit("va-paid", null);

        JsonNode read = edge.orderRead(va.orderId());
        assertThat(read.path("method").asString()).isEqualTo(VIRTUAL_ACCOUNT);
        JsonNode account = read.path("virtualAccount");
        assertThat(account.path("bankCode").asString()).isNotBlank();
        assertThat(account.path("accountNumber").asString()).isNotBlank();
        assertThat(account.path("customerName").asString()).isNotBlank();
        assertThat(Instant.parse(account.path("dueDate").asString())).isAfter(Instant.now());
        // the shop learns where the buyer is to pay: a record of its own, not the order's completion
        await().atMost(SETTLED).untilAsserted(() -> assertThat(
                        probe.records(va.orderId(), EventType.ORDER_AWAITING_DEPOSIT))
                .singleElement()
                .satisfies(record -> {
                    JsonNode event = JSON.readTree(record.value());
                    assertThat(event.path("id").asString()).isEqualTo(EventIds.awaitingDeposit(va.orderId()));
                    assertThat(event.path("data").path("accountNumber").asString())
                            .isEqualTo(account.path("accountNumber").asString());
                    assertThat(event.path("data").path("amount").asLong()).isEqualTo(AMOUNT);
                }));
        assertThat(probe.completions(va.orderId())).isEmpty();
        assertThat(approvals(va.orderId())).isZero();

        HttpResponse<String> deposit = pg.deposit(va.paymentKey(), SandboxClient.body());

        assertThat(deposit.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(deposit.body())
                        .path("virtualAccount")
                        .path("accountNumber")
                        .asString())
                .as("the buyer paid into the account the order shows")
                .isEqualTo(account.path("accountNumber").asString());
        probe.awaitStatus(va.orderId(), "COMPLETE");
        awaitOneCompletion(va.orderId(), "COMPLETE");
        await().atMost(SETTLED).untilAsserted(() -> {
            List<TimelineRow> timeline = probe.timeline(va.orderId());
            // DEPOSIT_CALLBACK and PAYMENT_STATUS_CHANGED: each only a reason to read the payment from the PG
            assertThat(timeline)
                    .filteredOn(VirtualAccountsIT::isWebhook)
                    .extracting(TimelineRow::result, TimelineRow::reason)
                    .containsExactly(tuple("REJECTED", "UNVERIFIED"), tuple("REJECTED", "UNVERIFIED"));
            assertThat(timeline)
                    .filteredOn(row -> row.result().equals("APPLIED"))
                    .extracting(TimelineRow::type, TimelineRow::status)
                    .endsWith(
                            tuple("payment.pg.confirmation", "AWAITING_DEPOSIT"),
                            tuple("payment.pg.status", "COMPLETE"));
            assertThat(timeline)
                    .filteredOn(row ->
                            "COMPLETE".equals(row.status()) && row.result().equals("APPLIED"))
                    .singleElement()
                    .satisfies(row -> assertThat(row.eventId()).startsWith(EventIds.statusPrefix(va.orderId())));
        });
        JsonNode ledger = pg.ledger(va.orderId());
        assertThat(ledger.path("approvals").asLong()).isEqualTo(1);
        assertThat(ledger.path("deposits").asLong()).isEqualTo(1);
        assertThat(ledger.path("depositCallbacksSent").asLong()).isEqualTo(1);
        assertThat(probe.records(va.orderId(), EventType.ORDER_AWAITING_DEPOSIT))
                .hasSize(1);
    }

    @ConcurrentTest
    void aFlatDepositCallbackWithAWrongSecretOrNoneIsAcknowledgedAndRefusedWithoutALookUp() {
        Awaiting va = awaitingDeposit("va-wrong", null);
        long lookups = pg.ledger(va.orderId()).path("lookups").asLong();

        // anyone who knows an orderId, claiming its deposit: Toss's flat shape, unsigned as Toss sends it
        for (String secret : new String[] {"ps_" + UUID.randomUUID().toString().replace("-", ""), null}) {
            String body = TossResponses.depositCallback(va.orderId(), secret, "DONE");
            assertThat(edge.webhook(
                                    body,
                                    UUID.randomUUID().toString(),
                                    TossResponses.transmissionTime(Instant.now()),
                                    null)
                            .statusCode())
                    .isEqualTo(200);
        }

        await().atMost(SETTLED).untilAsserted(() -> assertThat(probe.timeline(va.orderId()))
                .filteredOn(VirtualAccountsIT::isWebhook)
                .extracting(TimelineRow::result, TimelineRow::reason, TimelineRow::status)
                .containsExactly(
                        tuple("REJECTED", "DEPOSIT_SECRET_MISMATCH", "AWAITING_DEPOSIT"),
                        tuple("REJECTED", "DEPOSIT_SECRET_MISMATCH", "AWAITING_DEPOSIT")));
        // a look-up would have been asked for in the transaction that recorded the refusal
        assertThat(probe.statusChecksRequested(va.orderId())).isZero();
        assertThat(pg.ledger(va.orderId()).path("lookups").asLong()).isEqualTo(lookups);
        assertThat(probe.status(va.orderId())).contains("AWAITING_DEPOSIT");
        assertThat(probe.completions(va.orderId())).isEmpty();
        assertThat(approvals(va.orderId())).isZero();
    }

    @ConcurrentTest
    void aForgedCallbackClaimingADepositWithTheRightSecretOnlyMakesTheWorkerAskThePg() {
        Awaiting va = awaitingDeposit("va-liar", null);
        String body = TossResponses.depositCallback(va.orderId(), va.secret(), "DONE");

        assertThat(edge.webhook(body, UUID.randomUUID().toString(), TossResponses.transmissionTime(Instant.now()), null)
                        .statusCode())
                .isEqualTo(200);

        // the PG says the account still waits for its deposit: nothing to do
        await().atMost(SETTLED).untilAsserted(() -> {
            List<TimelineRow> timeline = probe.timeline(va.orderId());
            assertThat(timeline)
                    .filteredOn(VirtualAccountsIT::isWebhook)
                    .extracting(TimelineRow::result, TimelineRow::reason)
                    .containsExactly(tuple("REJECTED", "UNVERIFIED"));
            assertThat(timeline)
                    .filteredOn(row -> row.eventId().startsWith(EventIds.statusPrefix(va.orderId())))
                    .extracting(TimelineRow::result, TimelineRow::reason, TimelineRow::status)
                    .containsExactly(tuple("DUPLICATE", "SAME_STATE", "AWAITING_DEPOSIT"));
        });
        assertThat(probe.status(va.orderId())).contains("AWAITING_DEPOSIT");
        assertThat(probe.completions(va.orderId())).isEmpty();
        JsonNode ledger = pg.ledger(va.orderId());
        assertThat(ledger.path("approvals").asLong()).isZero();
        assertThat(ledger.path("deposits").asLong()).isZero();
        assertThat(ledger.path("status").asString()).isEqualTo("WAITING_FOR_DEPOSIT");
    }

    @ConcurrentTest
    void anAccountLeftUnpaidPastItsDueDateIsCancelledAtThePgAndALateTransferBounces() {
        Awaiting va = awaitingDeposit("va-expired", 3);

        // Toss sends nothing when the due date passes: the worker's own deadline cancels the payment at the PG
        await().atMost(SETTLED)
                .untilAsserted(() -> assertThat(probe.status(va.orderId())).contains("CANCEL"));

        assertThat(probe.reason(va.orderId())).isEqualTo("DEPOSIT_EXPIRED");
        JsonNode completion = awaitOneCompletion(va.orderId(), "CANCEL");
        assertThat(completion.path("data").path("reason").asString()).isEqualTo("DEPOSIT_EXPIRED");
        // the PG's word ends the order: the cancel's answer, or a look-up its webhooks prompted if that came first
        List<TimelineRow> applied = probe.timeline(va.orderId()).stream()
                .filter(row -> row.result().equals("APPLIED"))
                .toList();
        assertThat(applied.get(applied.size() - 2))
                .extracting(TimelineRow::eventId, TimelineRow::reason, TimelineRow::status)
                .containsExactly(EventIds.depositExpire(va.orderId()), "DEPOSIT_DEADLINE_PASSED", "AWAITING_DEPOSIT");
        assertThat(applied.getLast()).satisfies(row -> {
            assertThat(row.eventId()).startsWith(EventIds.statusPrefix(va.orderId()));
            assertThat(row.reason()).isEqualTo("DEPOSIT_EXPIRED");
            assertThat(row.status()).isEqualTo("CANCEL");
        });
        JsonNode ledger = pg.ledger(va.orderId());
        assertThat(ledger.path("status").asString()).isEqualTo("CANCELED");
        assertThat(ledger.path("approvals").asLong()).isZero();
        assertThat(ledger.path("cancels").asLong()).isEqualTo(1);

        // the buyer transfers late: the account is closed, the bank sends the money back
        HttpResponse<String> late = pg.deposit(va.paymentKey(), SandboxClient.body());

        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(late.body()).path("code").asString()).isEqualTo("NOT_WAITING_FOR_DEPOSIT");
        assertThat(pg.ledger(va.orderId()).path("deposits").asLong()).isZero();
        assertThat(approvals(va.orderId())).isZero();
        assertThat(probe.status(va.orderId())).contains("CANCEL");
        assertThat(probe.completions(va.orderId())).hasSize(1);
    }

    @ConcurrentTest
    void aDepositTheWorkerDidNotHearOfBeforeTheDeadlineCompletesTheOrderAndNothingIsCancelled() {
        // long enough that the transfer surely lands before the due date, however slow the pipeline to AWAITING_DEPOSIT
        Awaiting va = awaitingDeposit("va-race", 6);

        // The transfer lands before the due date, but its webhooks carry a secret that is not the payment's: the
        // worker refuses them and asks the PG nothing, as if they were lost. It learns of the deposit only from the
        // look-up its deadline cancel makes first, which finds the payment DONE.
        HttpResponse<String> deposit =
                pg.deposit(va.paymentKey(), SandboxClient.body().put("wrongSecret", true));
        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);

        await().atMost(SETTLED)
                .untilAsserted(() -> assertThat(probe.status(va.orderId())).contains("COMPLETE"));

        awaitOneCompletion(va.orderId(), "COMPLETE");
        List<TimelineRow> timeline = probe.timeline(va.orderId());
        assertThat(timeline)
                .filteredOn(VirtualAccountsIT::isWebhook)
                .extracting(TimelineRow::result, TimelineRow::reason)
                .containsOnly(tuple("REJECTED", "DEPOSIT_SECRET_MISMATCH"));
        assertThat(timeline)
                .filteredOn(row -> row.result().equals("APPLIED"))
                .extracting(TimelineRow::eventId, TimelineRow::status)
                .endsWith(
                        tuple(EventIds.depositExpire(va.orderId()), "AWAITING_DEPOSIT"),
                        tuple(EventIds.status(va.orderId(), "deposit-deadline"), "COMPLETE"));
        assertThat(probe.statusChecksRequested(va.orderId())).isZero();
        JsonNode ledger = pg.ledger(va.orderId());
        assertThat(ledger.path("cancels").asLong())
                .as("no cancel of a deposited account")
                .isZero();
        assertThat(ledger.path("approvals").asLong()).isEqualTo(1);
        assertThat(ledger.path("status").asString()).isEqualTo("DONE");
    }

    @ConcurrentTest
    void aDepositAnnouncedTwiceByBothWebhooksIsOneCompletion() {
        Awaiting va = awaitingDeposit("va-twice", null);

        assertThat(pg.deposit(va.paymentKey(), SandboxClient.body().put("twice", true))
                        .statusCode())
                .isEqualTo(200);

        probe.awaitStatus(va.orderId(), "COMPLETE");
        // all four announcements read, and every look-up they asked for made (asked for at once, they may be one)
        await().atMost(SETTLED).untilAsserted(() -> {
            assertThat(probe.timeline(va.orderId()))
                    .filteredOn(VirtualAccountsIT::isWebhook)
                    .hasSize(4)
                    .extracting(TimelineRow::result, TimelineRow::reason)
                    .containsOnly(tuple("REJECTED", "UNVERIFIED"));
            assertThat(probe.statusCheckPending(va.orderId())).isFalse();
        });
        assertThat(probe.timeline(va.orderId()))
                .filteredOn(row -> row.eventId().startsWith(EventIds.statusPrefix(va.orderId())))
                .extracting(TimelineRow::result)
                .containsOnlyOnce("APPLIED")
                .isSubsetOf("APPLIED", "DUPLICATE");
        awaitOneCompletion(va.orderId(), "COMPLETE");
        JsonNode ledger = pg.ledger(va.orderId());
        assertThat(ledger.path("depositCallbacksSent").asLong()).isEqualTo(2);
        assertThat(ledger.path("webhooksSent").asLong()).isEqualTo(4);
        assertThat(ledger.path("approvals").asLong()).isEqualTo(1);
    }

    @ConcurrentTest
    void aDepositReversedAfterTheOrderCompletedIsSurfacedAndTheOrderStaysComplete() {
        Awaiting va = deposited("va-reversed");

        pg.reverseDeposit(va.paymentKey());

        await().atMost(SETTLED).untilAsserted(() -> assertThat(probe.records(va.orderId(), EventType.ORDER_ANOMALY))
                .isNotEmpty()
                .allSatisfy(record -> {
                    JsonNode event = JSON.readTree(record.value());
                    assertThat(event.path("id").asString())
                            .isEqualTo(EventIds.anomaly(va.orderId(), "DEPOSIT_REVERSED"));
                    assertThat(event.path("data").path("reason").asString()).isEqualTo("DEPOSIT_REVERSED");
                    assertThat(event.path("data").path("pgStatus").asString()).isEqualTo("WAITING_FOR_DEPOSIT");
                }));
        assertThat(probe.timeline(va.orderId()))
                .extracting(TimelineRow::type, TimelineRow::result, TimelineRow::reason, TimelineRow::status)
                .contains(tuple("payment.pg.status", "REJECTED", "DEPOSIT_REVERSED", "COMPLETE"));
        assertThat(probe.status(va.orderId())).contains("COMPLETE");
        assertThat(probe.completions(va.orderId())).hasSize(1);
        JsonNode ledger = pg.ledger(va.orderId());
        assertThat(ledger.path("depositReversals").asLong()).isEqualTo(1);
        assertThat(ledger.path("approvals").asLong())
                .as("the reversal took the approval back")
                .isZero();
    }

    @ConcurrentTest
    void aDepositedAccountIsRefundedOnlyIntoTheBuyersAccountAndNoLogLineShowsIt() {
        Awaiting va = deposited("va-refund");
        String refundAccount = "3" + ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 10_000_000_000_000L);
        String issuedAccount = edge.orderRead(va.orderId())
                .path("virtualAccount")
                .path("accountNumber")
                .asString();

        HttpResponse<String> without = edge.refund(va.orderId(), """
                {"refundId":"r0","reason":"returned"}""");

        assertThat(without.statusCode()).isEqualTo(400);
        assertThat(without.body()).contains("refundReceiveAccount");
        assertThat(edge.refundRead(va.orderId(), "r0"))
                .as("a refusal writes nothing")
                .isNull();
        assertThat(KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS, va.orderId()).stream()
                        .map(r -> JSON.readTree(r.value()).path("type").asString()))
                .doesNotContain(EventType.REFUND_REQUESTED.type());

        HttpResponse<String> with = edge.refund(va.orderId(), """
                {"refundId":"r1","reason":"returned","refundReceiveAccount":\
                {"bank":"88","accountNumber":"%s","holderName":"김토스"}}""".formatted(refundAccount));

        assertThat(with.statusCode()).isEqualTo(202);
        JsonNode refund = await().atMost(SETTLED)
                .until(
                        () -> edge.refundRead(va.orderId(), "r1"),
                        r -> r != null && !"REQUESTED".equals(r.path("status").asString()));
        assertThat(refund.path("status").asString()).as(refund.toString()).isEqualTo("SUCCEEDED");
        assertThat(refund.path("amount").asLong()).isEqualTo(AMOUNT);
        // the sandbox refuses a deposited account's cancel without a refund account (INVALID_REFUND_ACCOUNT_INFO)
        JsonNode ledger = pg.ledger(va.orderId());
        assertThat(ledger.path("cancels").asLong()).isEqualTo(1);
        assertThat(ledger.path("canceledAmount").asLong()).isEqualTo(AMOUNT);
        // kept only while the PG cancel ran; never in what the shop reads
        assertThat(stack.jdbc()
                        .sql("SELECT count(*) FROM pg_refunds WHERE order_id = ? AND refund_account_number IS NOT NULL")
                        .param(va.orderId())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(refund.toString()).doesNotContain(refundAccount);
        assertThat(with.body()).doesNotContain(refundAccount);
        await().atMost(SETTLED).untilAsserted(() -> assertThat(probe.refundRecords(va.orderId()))
                .isNotEmpty());
        assertThat(KafkaRecords.readAll(stack.bootstrapServers(), Topics.COMPLETIONS, va.orderId()))
                .extracting(ConsumerRecord::value)
                .noneMatch(value -> value.contains(refundAccount));

        // the capture is live: the worker's line for this very refund is in it (so this cannot pass on silence)
        await().atMost(SETTLED)
                .untilAsserted(() -> assertThat(output.text()).contains("of order " + va.orderId() + " for refund r1"));
        assertThat(output.text()).doesNotContain(refundAccount, issuedAccount);
    }

    @ParameterizedTest
    @Execution(ExecutionMode.CONCURRENT)
    @ValueSource(strings = {"카드", "간편결제", "계좌이체", "휴대폰"})
    void theOtherMethodsCompleteAtTheirConfirmLikeACard(String method) {
        IssuedOrder order = edge.issue(newOrderId("method"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.payWith(order, AMOUNT, method, null, null);

        assertThat(edge.get(session.redirectUrl()).statusCode()).isEqualTo(303);

        probe.awaitStatus(order.orderId(), "COMPLETE");
        awaitOneCompletion(order.orderId(), "COMPLETE");
        JsonNode read = edge.orderRead(order.orderId());
        assertThat(read.path("method").asString()).isEqualTo(method);
        assertThat(read.has("virtualAccount")).isFalse();
        assertThat(probe.records(order.orderId(), EventType.ORDER_AWAITING_DEPOSIT))
                .isEmpty();
        assertThat(approvals(order.orderId())).isEqualTo(1);
    }

    @ConcurrentTest
    void aForgedConfirmationAwaitingADepositIsRefusedAndTheGenuineOneUnderItsIdIssuesTheAccount() {
        IssuedOrder order = edge.issue(newOrderId("va-forged"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        // the PG takes a moment to answer the confirm, so the forgery is read first
        SandboxClient.Session session = pg.payWith(
                order,
                AMOUNT,
                VIRTUAL_ACCOUNT,
                null,
                SandboxClient.confirm("DELAY").put("delayMs", 1000));
        assertThat(edge.get(session.redirectUrl()).statusCode()).isEqualTo(303);
        String forgedAccount = "9" + ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 10_000_000_000_000L);

        // anyone with write access to the topic, naming an account of theirs under the genuine confirmation's id
        shop.send(CloudEvent.of(
                EventIds.confirmation(order.orderId()),
                "/worker",
                Instant.now(),
                PgConfirmation.awaitingDeposit(
                        order.orderId(),
                        session.paymentKey(),
                        VIRTUAL_ACCOUNT,
                        new VirtualAccount(
                                "88",
                                forgedAccount,
                                "Mallory",
                                OffsetDateTime.now().plusDays(7)),
                        "ps_forged")));

        probe.awaitStatus(order.orderId(), "AWAITING_DEPOSIT");
        assertThat(probe.timeline(order.orderId()))
                .filteredOn(row -> row.type().equals("payment.pg.confirmation"))
                .extracting(TimelineRow::result, TimelineRow::reason, TimelineRow::status)
                .containsExactly(
                        tuple("REJECTED", "UNAUTHENTICATED_EVENT", "SUCCESS"),
                        tuple("APPLIED", null, "AWAITING_DEPOSIT"));
        assertThat(edge.orderRead(order.orderId())
                        .path("virtualAccount")
                        .path("accountNumber")
                        .asString())
                .isNotBlank()
                .isNotEqualTo(forgedAccount);
        await().atMost(SETTLED)
                .untilAsserted(() -> assertThat(probe.records(order.orderId(), EventType.ORDER_AWAITING_DEPOSIT))
                        .singleElement()
                        .satisfies(record -> assertThat(record.value()).doesNotContain(forgedAccount)));
    }

    /** A virtual-account order the buyer paid into: COMPLETE. */
    private static Awaiting deposited(String prefix) {
        Awaiting va = awaitingDeposit(prefix, null);
        assertThat(pg.deposit(va.paymentKey(), SandboxClient.body()).statusCode())
                .isEqualTo(200);
        probe.awaitStatus(va.orderId(), "COMPLETE");
        awaitOneCompletion(va.orderId(), "COMPLETE");
        return va;
    }

    /** The order's one completion, {@code <orderId>:completion}, with {@code status}; returns the event. */
    private static JsonNode awaitOneCompletion(String orderId, String status) {
        probe.awaitCompletions(orderId, 1);
        JsonNode event = JSON.readTree(probe.completions(orderId).getFirst().value());
        assertThat(event.path("id").asString()).isEqualTo(EventIds.completion(orderId));
        assertThat(event.path("data").path("status").asString()).isEqualTo(status);
        return event;
    }

    private static boolean isWebhook(TimelineRow row) {
        return row.eventId().startsWith("webhook:");
    }
}
