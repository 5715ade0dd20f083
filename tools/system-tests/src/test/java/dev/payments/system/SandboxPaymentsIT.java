package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.schemas.Topics;
import dev.payments.system.EdgeClient.IssuedOrder;
import dev.payments.testsupport.KafkaRecords;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Orders paid at our Toss-compatible sandbox: the PG's webhooks, lost redirects, and confirms that time out. */
class SandboxPaymentsIT extends SandboxSystemTestBase {

    static final String TRANSMISSION_TIME = "2026-11-23T19:15:31+09:00";

    @Test
    void paidOrderCompletesWithOneApprovalWhicheverOfConfirmAndSignedWebhookArrivesFirst() {
        IssuedOrder order = edge.issue(newOrderId("sbx-paid"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);

        assertThat(edge.get(session.redirectUrl()).statusCode()).isEqualTo(303);

        probe.awaitStatus(order.orderId(), "COMPLETE");
        probe.awaitCompletions(order.orderId(), 1);
        // the confirm's answer and the PG's signed DONE webhook race to the partition: one completes, one is a no-op
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(probe.timeline(order.orderId()))
                .filteredOn(row ->
                        row.type().equals("payment.pg.status") || row.type().equals("payment.pg.confirmation"))
                .extracting(OrderProbe.TimelineRow::result)
                .containsExactlyInAnyOrder("APPLIED", "DUPLICATE"));
        assertThat(approvals(order.orderId())).isEqualTo(1);
        assertThat(pg.ledger(order.orderId()).get("confirmCalls").asLong()).isEqualTo(1);
    }

    @Test
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

    @Test
    void theSameSignedWebhookThreeTimesHasOneEffect() {
        IssuedOrder order = edge.issue(newOrderId("sbx-thrice"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);
        probe.awaitStatus(order.orderId(), "IN_PROGRESS");
        String body = TossResponses.statusChangedWebhook(order.orderId(), session.paymentKey(), AMOUNT, "ABORTED");
        String signature = TossResponses.signature(SandboxStack.WEBHOOK_SECRET, body, TRANSMISSION_TIME);
        String transmissionId = UUID.randomUUID().toString();

        for (int delivery = 0; delivery < 3; delivery++) {
            assertThat(edge.webhook(body, transmissionId, TRANSMISSION_TIME, signature)
                            .statusCode())
                    .isEqualTo(200);
        }

        probe.awaitStatus(order.orderId(), "FAIL");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(probe.timeline(order.orderId()))
                .filteredOn(row -> row.eventId().equals("webhook:" + transmissionId))
                .extracting(OrderProbe.TimelineRow::result)
                .containsExactly("APPLIED", "DUPLICATE", "DUPLICATE"));
        probe.awaitCompletions(order.orderId(), 1);
    }

    @Test
    void webhookWithABadSignatureIsRefusedAndWritesNothing() {
        IssuedOrder order = edge.issue(newOrderId("sbx-forged"), AMOUNT);
        probe.awaitStatus(order.orderId(), "PREPAY");
        String body = TossResponses.statusChangedWebhook(order.orderId(), "pk-forged", AMOUNT, "DONE");

        HttpResponse<String> forged = edge.webhook(
                body,
                UUID.randomUUID().toString(),
                TRANSMISSION_TIME,
                TossResponses.signature("not-the-secret", body, TRANSMISSION_TIME));

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS, order.orderId()))
                .hasSize(1);
        assertThat(probe.status(order.orderId())).contains("PREPAY");
    }

    @Test
    void unsignedWebhookIsVerifiedByReadingThePaymentFromThePg() {
        IssuedOrder order = edge.issue(newOrderId("sbx-lookup"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);
        // approved at the PG by a confirm whose answer never reached us; the redirect was lost too
        assertThat(pg.confirmDirectly(session.paymentKey(), order.orderId(), AMOUNT, "elsewhere-" + order.orderId())
                        .statusCode())
                .isEqualTo(200);
        String body = TossResponses.statusChangedWebhook(order.orderId(), session.paymentKey(), AMOUNT, "DONE");

        assertThat(stack.unsignedEdgeClient()
                        .webhook(body, UUID.randomUUID().toString(), TRANSMISSION_TIME, null)
                        .statusCode())
                .isEqualTo(200);

        probe.awaitStatus(order.orderId(), "COMPLETE");
        assertThat(probe.timeline(order.orderId()))
                .extracting(OrderProbe.TimelineRow::type, OrderProbe.TimelineRow::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("payment.pg.status", "UNVERIFIED"));
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(approvals(order.orderId())).isEqualTo(1);
    }

    @Test
    void forgedUnsignedWebhookThatThePgDoesNotConfirmChangesNothing() {
        IssuedOrder order = edge.issue(newOrderId("sbx-liar"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);
        probe.awaitStatus(order.orderId(), "IN_PROGRESS");
        String body = TossResponses.statusChangedWebhook(order.orderId(), session.paymentKey(), AMOUNT, "DONE");

        stack.unsignedEdgeClient().webhook(body, UUID.randomUUID().toString(), TRANSMISSION_TIME, null);

        // the worker asks the PG, which says IN_PROGRESS: not final, nothing to do
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(probe.timeline(order.orderId()))
                .extracting(OrderProbe.TimelineRow::reason)
                .contains("UNVERIFIED", "NOT_FINAL"));
        assertThat(probe.status(order.orderId())).contains("IN_PROGRESS");
        assertThat(approvals(order.orderId())).isZero();
        assertThat(probe.completions(order.orderId())).isEmpty();
    }

    @Test
    void confirmThatTimesOutButWasApprovedCompletesWithOneApproval() {
        IssuedOrder order = edge.issue(newOrderId("sbx-late"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        // the PG approves after 4 s; the worker's read timeout is 2 s, so it never sees that answer
        SandboxClient.Session session =
                pg.pay(order, AMOUNT, "PAY", SandboxClient.confirm("DELAY").put("delayMs", 4000));

        edge.get(session.redirectUrl());

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(probe.status(order.orderId())).contains("COMPLETE"));
        probe.awaitCompletions(order.orderId(), 1);
        assertThat(approvals(order.orderId())).isEqualTo(1);
    }

    @Test
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

    @Test
    void confirmJobIsWithdrawnWhenThePgEndsThePaymentFirst() {
        IssuedOrder order = edge.issue(newOrderId("sbx-withdrawn"), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", SandboxClient.confirm("NEVER_ANSWER"));
        edge.get(session.redirectUrl());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pg.ledger(order.orderId()).get("confirmCalls").asLong() > 0);
        String body = TossResponses.statusChangedWebhook(order.orderId(), session.paymentKey(), AMOUNT, "ABORTED");

        edge.webhook(
                body,
                UUID.randomUUID().toString(),
                TRANSMISSION_TIME,
                TossResponses.signature(SandboxStack.WEBHOOK_SECRET, body, TRANSMISSION_TIME));

        probe.awaitStatus(order.orderId(), "FAIL");
        assertThat(stack.jdbc()
                        .sql("SELECT state || '/' || outcome FROM pg_confirmations WHERE order_id = ?")
                        .param(order.orderId())
                        .query(String.class)
                        .single())
                .isEqualTo("DONE/WITHDRAWN");
        assertThat(approvals(order.orderId())).isZero();
        probe.awaitCompletions(order.orderId(), 1);
    }
}
