package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.EventIds;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.Topics;
import dev.payments.system.EdgeClient.IssuedOrder;
import dev.payments.system.OrderProbe.TimelineRow;
import dev.payments.testsupport.KafkaRecords;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Orders paid at our Toss-compatible sandbox: the PG's webhooks (unsigned, as Toss sends them, and signed ones as a PG
 * that signs would send them), lost redirects, and confirms that time out. A webhook is only a hint: the worker reads
 * the payment from the PG and acts on what its own look-up publishes. The tests run in parallel, each on orders of its
 * own, and read only those orders' records and the PG's ledger of them.
 */
class SandboxPaymentsIT extends SandboxSystemTestBase {

    @ConcurrentTest
    void paidOrderCompletesWithOneApprovalWhicheverOfTheConfirmAndTheWebhooksLookUpArrivesFirst() {
        IssuedOrder order = edge.issue(newOrderId("sbx-paid"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);

        assertThat(edge.get(session.redirectUrl()).statusCode()).isEqualTo(303);

        probe.awaitStatus(order.orderId(), "COMPLETE");
        probe.awaitCompletions(order.orderId(), 1);
        // the PG's DONE webhook is a hint; the look-up it prompts and the confirm's answer race to the partition
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var timeline = probe.timeline(order.orderId());
            assertThat(timeline)
                    .filteredOn(row -> row.eventId().startsWith("webhook:"))
                    .isNotEmpty()
                    .extracting(TimelineRow::result, TimelineRow::reason)
                    .containsOnly(tuple("REJECTED", "UNVERIFIED"));
            assertThat(timeline)
                    .filteredOn(row -> row.eventId().startsWith(EventIds.statusPrefix(order.orderId())))
                    .isNotEmpty();
            assertThat(timeline)
                    .filteredOn(row ->
                            row.type().equals("payment.pg.status") || row.type().equals("payment.pg.confirmation"))
                    .filteredOn(row -> row.result().equals("APPLIED"))
                    .hasSize(1);
        });
        assertThat(approvals(order.orderId())).isEqualTo(1);
        assertThat(pg.ledger(order.orderId()).get("confirmCalls").asLong()).isEqualTo(1);
    }

    @ConcurrentTest
    void redirectLostAfterTheBuyerPaidExpiresAtThePgAndCancelsTheOrderWithoutApproval() {
        IssuedOrder order = edge.issue(newOrderId("sbx-lost"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());

        pg.pay(order, AMOUNT, "PAY", null); // the browser never comes back to successUrl

        await().atMost(SandboxStack.IN_PROGRESS_WINDOW.plusSeconds(30))
                .untilAsserted(() -> assertThat(probe.status(order.orderId())).contains("CANCEL"));
        assertThat(probe.reason(order.orderId())).isEqualTo("EXPIRED");
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(approvals(order.orderId())).isZero();
    }

    @ConcurrentTest
    void signedWebhookDeliveredUnderThreeTransmissionIdsIsOneEventWithOneEffect() {
        IssuedOrder order = edge.issue(newOrderId("sbx-thrice"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        // declined in the window: ABORTED at the PG, which sends no webhook for it; the browser never comes back
        SandboxClient.Session session = pg.pay(order, AMOUNT, "DECLINE", null);
        probe.awaitStatus(order.orderId(), "IN_PROGRESS");
        String body = TossResponses.statusChangedWebhook(order.orderId(), session.paymentKey(), AMOUNT, "ABORTED");
        String time = TossResponses.transmissionTime(Instant.now());
        String signature = TossResponses.signature(SandboxStack.WEBHOOK_SECRET, body, time);

        // a PG that lost track of its deliveries, or a replay of the captured webhook: new transmission ids each time
        for (int delivery = 0; delivery < 3; delivery++) {
            assertThat(edge.webhook(body, UUID.randomUUID().toString(), time, signature)
                            .statusCode())
                    .isEqualTo(200);
        }

        probe.awaitStatus(order.orderId(), "FAIL");
        String signedId = signedEventId(body, time);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var timeline = probe.timeline(order.orderId());
            assertThat(timeline)
                    .filteredOn(row -> row.eventId().startsWith("webhook:"))
                    .allSatisfy(row -> assertThat(row.eventId()).isEqualTo(signedId))
                    .allSatisfy(row -> assertThat(row.result()).isIn("REJECTED", "DUPLICATE"))
                    .extracting(TimelineRow::offset)
                    .doesNotHaveDuplicates()
                    .hasSize(3);
            assertThat(timeline)
                    .filteredOn(row ->
                            row.eventId().startsWith("webhook:") && row.result().equals("REJECTED"))
                    .extracting(TimelineRow::reason)
                    .containsOnly("UNVERIFIED");
            // the one change: the worker's own look-up of the payment
            assertThat(timeline)
                    .filteredOn(row -> row.type().equals("payment.pg.status")
                            && row.result().equals("APPLIED"))
                    .singleElement()
                    .satisfies(row -> assertThat(row.eventId()).startsWith(EventIds.statusPrefix(order.orderId())));
        });
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(probe.reason(order.orderId())).isEqualTo("ABORTED");
        assertThat(approvals(order.orderId())).isZero();
    }

    @ConcurrentTest
    void signedWebhookThatDoesNotVerifyOrIsNotFreshIsRefusedAndWritesNothing() {
        IssuedOrder order = edge.issue(newOrderId("sbx-forged"), AMOUNT);
        probe.awaitStatus(order.orderId(), "PREPAY");
        String body = TossResponses.statusChangedWebhook(order.orderId(), "pk-forged", AMOUNT, "DONE");
        String now = TossResponses.transmissionTime(Instant.now());
        String tenMinutesAgo = TossResponses.transmissionTime(Instant.now().minus(Duration.ofMinutes(10)));

        HttpResponse<String> forged = edge.webhook(
                body, UUID.randomUUID().toString(), now, TossResponses.signature("not-the-secret", body, now));
        HttpResponse<String> replayed = edge.webhook(
                body,
                UUID.randomUUID().toString(),
                tenMinutesAgo,
                TossResponses.signature(SandboxStack.WEBHOOK_SECRET, body, tenMinutesAgo));

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS, order.orderId()))
                .hasSize(1);
        assertThat(probe.status(order.orderId())).contains("PREPAY");
    }

    @ConcurrentTest
    void unsignedWebhookIsAcceptedThoughASecretIsConfiguredAndVerifiedByReadingThePaymentFromThePg() {
        IssuedOrder order = edge.issue(newOrderId("sbx-lookup"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);
        // approved at the PG by a confirm whose answer never reached us; the redirect was lost too
        assertThat(pg.confirmDirectly(session.paymentKey(), order.orderId(), AMOUNT, "elsewhere-" + order.orderId())
                        .statusCode())
                .isEqualTo(200);
        String body = TossResponses.statusChangedWebhook(order.orderId(), session.paymentKey(), AMOUNT, "DONE");

        assertThat(edge.webhook(body, UUID.randomUUID().toString(), TossResponses.transmissionTime(Instant.now()), null)
                        .statusCode())
                .isEqualTo(200);

        probe.awaitStatus(order.orderId(), "COMPLETE");
        assertThat(probe.timeline(order.orderId()))
                .extracting(TimelineRow::type, TimelineRow::reason)
                .contains(tuple("payment.pg.status", "UNVERIFIED"));
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(approvals(order.orderId())).isEqualTo(1);
    }

    @ConcurrentTest
    void forgedUnsignedWebhookThatThePgDoesNotConfirmChangesNothing() {
        IssuedOrder order = edge.issue(newOrderId("sbx-liar"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);
        probe.awaitStatus(order.orderId(), "IN_PROGRESS");
        String body = TossResponses.statusChangedWebhook(order.orderId(), session.paymentKey(), AMOUNT, "DONE");

        edge.webhook(body, UUID.randomUUID().toString(), TossResponses.transmissionTime(Instant.now()), null);

        // the worker asks the PG, which says IN_PROGRESS: not final, nothing to do
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(probe.timeline(order.orderId()))
                .extracting(TimelineRow::reason)
                .contains("UNVERIFIED", "NOT_FINAL"));
        assertThat(probe.status(order.orderId())).contains("IN_PROGRESS");
        assertThat(approvals(order.orderId())).isZero();
        assertThat(probe.completions(order.orderId())).isEmpty();
    }

    @ConcurrentTest
    void confirmThatTimesOutButWasApprovedCompletesWithOneApproval() {
        IssuedOrder order = edge.issue(newOrderId("sbx-late"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        // the PG approves after 3 s; the worker's read timeout is 2 s, so it never sees that answer. The approval must
        // come within the PG's IN_PROGRESS window (6 s from the buyer's pay), else the payment expires: 3 s leaves
        // the rest of the window to a busy machine's way from the pay to the confirm
        SandboxClient.Session session =
                pg.pay(order, AMOUNT, "PAY", SandboxClient.confirm("DELAY").put("delayMs", 3000));

        edge.get(session.redirectUrl());

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(probe.status(order.orderId())).contains("COMPLETE"));
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(approvals(order.orderId())).isEqualTo(1);
    }

    @ConcurrentTest
    void confirmThePgNeverAnsweredIsRetriedUnderItsKeyAndCompletesWithOneApproval() {
        IssuedOrder order = edge.issue(newOrderId("sbx-silent"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(
                order, AMOUNT, "PAY", SandboxClient.confirm("NEVER_ANSWER").put("times", 1));

        edge.get(session.redirectUrl());

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(probe.status(order.orderId())).contains("COMPLETE"));
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(approvals(order.orderId())).isEqualTo(1);
        assertThat(pg.ledger(order.orderId()).get("confirmCalls").asLong()).isGreaterThan(1);
    }

    @ConcurrentTest
    void confirmJobIsWithdrawnWhenThePgEndsThePaymentFirst() {
        IssuedOrder order = edge.issue(newOrderId("sbx-withdrawn"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        // the PG sits on the first confirm past the payment's confirm window (retries under its key get 409
        // meanwhile); the window passes, the payment EXPIRES at the PG, its webhook says so, and the look-up it
        // prompts (or the reconciler's) ends the order while the confirm is still unanswered
        long heldMillis = SandboxStack.IN_PROGRESS_WINDOW.plusSeconds(20).toMillis();
        SandboxClient.Session session =
                pg.pay(order, AMOUNT, "PAY", SandboxClient.confirm("DELAY").put("delayMs", heldMillis));
        edge.get(session.redirectUrl());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pg.ledger(order.orderId()).get("confirmCalls").asLong() > 0);

        await().atMost(SandboxStack.IN_PROGRESS_WINDOW.plusSeconds(30))
                .untilAsserted(() -> assertThat(probe.status(order.orderId())).contains("CANCEL"));

        assertThat(probe.reason(order.orderId())).isEqualTo("EXPIRED");
        assertThat(probe.timeline(order.orderId()))
                .filteredOn(row -> row.result().equals("APPLIED") && "CANCEL".equals(row.status()))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.type()).isEqualTo("payment.pg.status");
                    assertThat(row.eventId()).startsWith(EventIds.statusPrefix(order.orderId()));
                });
        assertThat(stack.jdbc()
                        .sql("SELECT state || '/' || outcome FROM pg_confirmations WHERE order_id = ?")
                        .param(order.orderId())
                        .query(String.class)
                        .single())
                .isEqualTo("DONE/WITHDRAWN");
        assertThat(approvals(order.orderId())).isZero();
        probe.awaitCompletions(order.orderId(), 1);
    }

    /** The edge's id for a signed webhook: {@code webhook:sig:<hex sha256(body + ":" + transmission time)>}. */
    private static String signedEventId(String body, String transmissionTime) {
        return "webhook:sig:"
                + HexFormat.of()
                        .formatHex(TokenHash.sha256((body + ":" + transmissionTime).getBytes(StandardCharsets.UTF_8)));
    }
}
