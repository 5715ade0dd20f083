package dev.payments.edge.readmodel;

import static dev.payments.edge.EdgeIntegrationTest.MERCHANT;
import static dev.payments.edge.Problems.assertProblem;
import static dev.payments.edge.Problems.assertValidationProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.TestOrderIds;
import dev.payments.edge.WorkerRows;
import dev.payments.schemas.TokenHash;
import dev.payments.testsupport.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/orders/{orderId}}, {@code /events} and {@code /refunds} read the worker's tables. The tables come
 * from the worker's own migration (run here by the test only: the edge never migrates), the rows are written as the
 * worker would, and Hibernate validates the edge's read-only entities against them when the context starts ({@link EdgeIntegrationTest}).
 */
@EdgeIntegrationTest
class OrderReadIT {

    static final Instant CREATED = Instant.parse("2026-11-23T10:15:30.120Z");
    static final Instant UPDATED = Instant.parse("2026-11-23T10:16:02.500Z");

    /** Writes as the worker does; the edge's own DataSource could not. */
    final JdbcClient worker = JdbcClient.create(EmbeddedPostgres.dataSource());

    final WorkerRows rows = new WorkerRows();

    @Autowired
    JdbcClient edgeJdbc;

    @Autowired
    EdgeHttp http;

    @Test
    void merchantReadsTheOrder() {
        String orderId = TestOrderIds.next("read");
        insertOrder(orderId, "COMPLETE", "token-" + orderId, "pk_123", null);

        Response response = http.get("/api/v1/orders/" + orderId, MERCHANT);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.header("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode order = response.json();
        assertThat(order.get("orderId").asString()).isEqualTo(orderId);
        assertThat(order.get("status").asString()).isEqualTo("COMPLETE");
        assertThat(order.get("amount").asLong()).isEqualTo(15_000);
        assertThat(order.get("refundedAmount").asLong()).isZero();
        assertThat(order.get("currency").asString()).isEqualTo("KRW");
        assertThat(order.get("orderName").asString()).isEqualTo("Coffee beans 1kg");
        assertThat(order.get("paymentKey").asString()).isEqualTo("pk_123");
        assertThat(order.get("reason").isNull()).isTrue();
        assertThat(Instant.parse(order.get("createdAt").asString())).isEqualTo(CREATED);
        assertThat(Instant.parse(order.get("updatedAt").asString())).isEqualTo(UPDATED);
        assertThat(order.has("tokenHash")).as("the hash stays in the database").isFalse();
        assertThat(order.get("method").isNull()).as("no PG named a method").isTrue();
        assertThat(order.has("virtualAccount")).as("not a virtual account").isFalse();
    }

    @Test
    void bothReadsAndTheResultPageShowTheMethodAndTheVirtualAccountOfAnOrderAwaitingItsDeposit() {
        String orderId = TestOrderIds.next("va");
        rows.virtualAccountOrder(orderId, "AWAITING_DEPOSIT", 0);

        for (Response response : merchantAndBuyerRead(orderId)) {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode order = response.json();
            assertThat(order.get("status").asString()).isEqualTo("AWAITING_DEPOSIT");
            assertThat(order.get("method").asString()).isEqualTo(WorkerRows.VIRTUAL_ACCOUNT);
            JsonNode account = order.get("virtualAccount");
            assertThat(account.propertyNames()).containsExactly("bankCode", "accountNumber", "customerName", "dueDate");
            assertThat(account.get("bankCode").asString()).isEqualTo(WorkerRows.VA_BANK_CODE);
            assertThat(account.get("accountNumber").asString()).isEqualTo(WorkerRows.VA_ACCOUNT_NUMBER);
            assertThat(account.get("customerName").asString()).isEqualTo(WorkerRows.VA_CUSTOMER_NAME);
            assertThat(Instant.parse(account.get("dueDate").asString())).isEqualTo(WorkerRows.VA_DUE_DATE);
            assertThat(response.body())
                    .as("the deposit secret's hash stays in the database")
                    .doesNotContain(TokenHash.of(WorkerRows.DEPOSIT_SECRET))
                    .doesNotContainIgnoringCase("secret");
        }
        // the buyer's result page shows the account from that read, which its script polls with the page's token
        Response page = http.get("/orders/%s/result?token=token-%s".formatted(orderId, orderId));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains("data-order-id=\"%s\" data-token=\"token-%s\"".formatted(orderId, orderId))
                .contains("id=\"virtual-account\"", "id=\"account-number\"", "id=\"due-date\"")
                .contains("<a id=\"back-to-shop\" href=\"https://shop.example.test/\">")
                .contains("result-page.js");
    }

    @Test
    void anOrderPaidByAnotherMethodShowsItsMethodAndNoAccount() {
        String orderId = TestOrderIds.next("card");
        rows.order(orderId, "COMPLETE", 0, "카드");

        Response response = http.get("/api/v1/orders/%s?token=token-%s".formatted(orderId, orderId));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("method").asString()).isEqualTo("카드");
        assertThat(response.json().has("virtualAccount")).isFalse();
    }

    @Test
    void buyerReadsTheOrderWithItsToken() {
        String orderId = TestOrderIds.next("token");
        String token = "token-" + orderId;
        insertOrder(orderId, "FAIL", token, "pk_9", "AMOUNT_MISMATCH");

        Response response = http.get("/api/v1/orders/%s?token=%s".formatted(orderId, token));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("FAIL");
        assertThat(response.json().get("reason").asString()).isEqualTo("AMOUNT_MISMATCH");
    }

    @Test
    void aWrongTokenLooksExactlyLikeAnUnknownOrder() {
        String orderId = TestOrderIds.next("guess");
        insertOrder(orderId, "PREPAY", "token-" + orderId, null, null);

        Response wrongToken = http.get("/api/v1/orders/%s?token=%s".formatted(orderId, "token-someone-else"));
        Response unknownOrder = http.get("/api/v1/orders/%s?token=%s".formatted(TestOrderIds.next("none"), "t"));

        for (Response response : List.of(wrongToken, unknownOrder)) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body()).doesNotContain("token-");
        }
        assertThat(wrongToken.json().get("title").asString())
                .isEqualTo(unknownOrder.json().get("title").asString());
    }

    @Test
    void unknownOrderIsNotFoundForTheMerchant() {
        Response response = http.get("/api/v1/orders/" + TestOrderIds.next("none"), MERCHANT);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void readingNeedsTheMerchantKeyOrTheToken() {
        String orderId = TestOrderIds.next("anon");
        insertOrder(orderId, "PREPAY", "token-" + orderId, null, null);

        Response anonymous = http.get("/api/v1/orders/" + orderId);
        Response wrongKey = http.get("/api/v1/orders/" + orderId, "Authorization", "Bearer not-the-key");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.contentType()).startsWith("application/problem+json");
    }

    @Test
    void bothReadsShowTheRefundedAmount() {
        String orderId = TestOrderIds.next("refunded");
        rows.order(orderId, "COMPLETE", 4000);

        for (Response response : merchantAndBuyerRead(orderId)) {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("refundedAmount").asLong()).isEqualTo(4000);
        }
    }

    @Test
    void merchantReadsARefundAndTheOrdersRefundsOldestFirst() {
        String orderId = TestOrderIds.next("refunds");
        rows.order(orderId, "COMPLETE", 5000);
        // requested in the order z, m, a: neither the ids nor the order of writing give it
        rows.refund(orderId, "a-pending", "REQUESTED", 10_000, null, "The rest", CREATED.plusSeconds(3));
        rows.refund(orderId, "m-refused", "FAILED", 20_000, 20_000L, "Too much", CREATED.plusSeconds(2));
        rows.completeRefund(orderId, "m-refused", "REFUND_EXCEEDS_BALANCE", null, CREATED.plusSeconds(2));
        rows.refund(orderId, "z-done", "SUCCEEDED", 5000, 5000L, "Out of stock", CREATED.plusSeconds(1));
        rows.completeRefund(orderId, "z-done", null, "tx_z", CREATED.plusSeconds(9));

        Response one = http.get("/api/v1/orders/%s/refunds/z-done".formatted(orderId), MERCHANT);
        Response all = http.get("/api/v1/orders/%s/refunds".formatted(orderId), MERCHANT);

        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.header("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode refund = one.json();
        assertThat(refund.propertyNames())
                .containsExactly(
                        "refundId",
                        "orderId",
                        "amount",
                        "reason",
                        "status",
                        "code",
                        "requestedAt",
                        "completedAt",
                        "transactionKey");
        assertThat(refund.get("refundId").asString()).isEqualTo("z-done");
        assertThat(refund.get("orderId").asString()).isEqualTo(orderId);
        assertThat(refund.get("amount").asLong()).isEqualTo(5000);
        assertThat(refund.get("reason").asString()).isEqualTo("Out of stock");
        assertThat(refund.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.get("code").isNull()).isTrue();
        assertThat(Instant.parse(refund.get("requestedAt").asString())).isEqualTo(CREATED.plusSeconds(1));
        assertThat(Instant.parse(refund.get("completedAt").asString())).isEqualTo(CREATED.plusSeconds(9));
        assertThat(refund.get("transactionKey").asString()).isEqualTo("tx_z");

        assertThat(all.status()).as(all.body()).isEqualTo(200);
        List<JsonNode> refunds = all.json().valueStream().toList();
        assertThat(refunds)
                .extracting(r -> r.get("refundId").asString())
                .containsExactly("z-done", "m-refused", "a-pending");
        assertThat(refunds.get(0)).isEqualTo(refund);
        assertThat(refunds.get(1).get("code").asString()).isEqualTo("REFUND_EXCEEDS_BALANCE");
        assertThat(refunds.get(2).get("status").asString()).isEqualTo("REQUESTED");
        assertThat(refunds.get(2).get("completedAt").isNull()).isTrue();
    }

    @Test
    void refundsAreTheMerchantsToReadAndUnknownOnesAreNotFound() {
        String orderId = TestOrderIds.next("refundauth");
        rows.order(orderId, "COMPLETE", 0);
        rows.refund(orderId, "r-1", "REQUESTED", 100, 100L, "r", CREATED);
        String one = "/api/v1/orders/%s/refunds/r-1".formatted(orderId);
        String all = "/api/v1/orders/%s/refunds".formatted(orderId);

        for (String path : List.of(one, all)) {
            assertProblem(http.get(path), 401);
            assertProblem(http.get(path + "?token=token-" + orderId), 401);
            assertProblem(http.get(path, "Authorization", "Bearer not-the-key"), 401);
        }
        String unknownOrder = TestOrderIds.next("none");
        assertProblem(http.get("/api/v1/orders/%s/refunds/r-2".formatted(orderId), MERCHANT), 404);
        assertProblem(http.get("/api/v1/orders/%s/refunds/r-1".formatted(unknownOrder), MERCHANT), 404);
        assertProblem(http.get("/api/v1/orders/%s/refunds".formatted(unknownOrder), MERCHANT), 404);
        assertValidationProblem(http.get("/api/v1/orders/%s/refunds/bad!id".formatted(orderId), MERCHANT), "refundId");
        assertValidationProblem(http.get("/api/v1/orders/bad!id/refunds", MERCHANT), "orderId");

        String withoutRefunds = TestOrderIds.next("norefunds");
        rows.order(withoutRefunds, "COMPLETE", 0);
        Response empty = http.get("/api/v1/orders/%s/refunds".formatted(withoutRefunds), MERCHANT);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().isArray()).isTrue();
        assertThat(empty.json().isEmpty()).isTrue();
    }

    @Test
    void timelineIsOldestFirstWithTheContractsFields() {
        String orderId = TestOrderIds.next("timeline");
        insertOrder(orderId, "COMPLETE", "token-" + orderId, "pk_1", null);
        List<Long> ids = worker.sql("SELECT nextval('order_timeline_seq') FROM generate_series(1, 3)")
                .query(Long.class)
                .list();
        Instant t0 = CREATED;
        // written newest first, so that only ORDER BY id can return them oldest first
        insertTimeline(
                ids.get(2),
                orderId,
                "evt-3",
                "payment.pg.result",
                "REJECTED",
                "LATE_EVENT",
                "COMPLETE",
                t0.plusSeconds(3));
        insertTimeline(
                ids.get(1),
                orderId,
                "evt-2",
                "payment.pg.confirmation",
                "APPLIED",
                null,
                "COMPLETE",
                t0.plusSeconds(2));
        insertTimeline(ids.get(0), orderId, "evt-1", "payment.order.issued", "APPLIED", null, "PREPAY", t0);

        Response response = http.get("/api/v1/orders/%s/events".formatted(orderId), MERCHANT);

        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> timeline = response.json().valueStream().toList();
        assertThat(timeline).extracting(e -> e.get("eventId").asString()).containsExactly("evt-1", "evt-2", "evt-3");
        JsonNode last = timeline.get(2);
        assertThat(last.get("type").asString()).isEqualTo("payment.pg.result");
        assertThat(last.get("result").asString()).isEqualTo("REJECTED");
        assertThat(last.get("reason").asString()).isEqualTo("LATE_EVENT");
        assertThat(last.get("status").asString()).isEqualTo("COMPLETE");
        assertThat(Instant.parse(last.get("at").asString())).isEqualTo(t0.plusSeconds(3));
        assertThat(timeline.get(0).get("reason").isNull()).isTrue();
        assertThat(timeline.get(0).get("status").asString()).isEqualTo("PREPAY");
    }

    @Test
    void buyerReadsTheTimelineWithTheOrdersToken() {
        String orderId = TestOrderIds.next("tltoken");
        String token = "token-" + orderId;
        insertOrder(orderId, "IN_PROGRESS", token, null, null);
        List<Long> ids = worker.sql("SELECT nextval('order_timeline_seq') FROM generate_series(1, 2)")
                .query(Long.class)
                .list();
        insertTimeline(ids.get(0), orderId, "evt-a", "payment.order.issued", "APPLIED", null, "PREPAY", CREATED);
        insertTimeline(
                ids.get(1),
                orderId,
                "evt-b",
                "payment.checkout.started",
                "APPLIED",
                null,
                "IN_PROGRESS",
                CREATED.plusSeconds(1));

        Response response = http.get("/api/v1/orders/%s/events?token=%s".formatted(orderId, token));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        List<JsonNode> timeline = response.json().valueStream().toList();
        assertThat(timeline)
                .extracting(e -> e.get("type").asString(), e -> e.get("status").asString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("payment.order.issued", "PREPAY"),
                        org.assertj.core.groups.Tuple.tuple("payment.checkout.started", "IN_PROGRESS"));
        assertThat(response.body()).doesNotContain(token).doesNotContain(TokenHash.of(token));
    }

    @Test
    void aWrongTokenReadsNoTimelineAndLooksLikeAnUnknownOrder() {
        String orderId = TestOrderIds.next("tlguess");
        insertOrder(orderId, "PREPAY", "token-" + orderId, null, null);
        long id = worker.sql("SELECT nextval('order_timeline_seq')")
                .query(Long.class)
                .single();
        insertTimeline(id, orderId, "evt-secret", "payment.order.issued", "APPLIED", null, "PREPAY", CREATED);

        Response wrongToken = http.get("/api/v1/orders/%s/events?token=%s".formatted(orderId, "token-someone-else"));
        Response otherOrdersToken =
                http.get("/api/v1/orders/%s/events?token=%s".formatted(orderId, "token-" + TestOrderIds.next("x")));
        Response unknownOrder = http.get("/api/v1/orders/%s/events?token=%s".formatted(TestOrderIds.next("none"), "t"));

        for (Response response : List.of(wrongToken, otherOrdersToken, unknownOrder)) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body()).doesNotContain("evt-secret").doesNotContain("token-");
        }
        assertThat(wrongToken.json().get("title").asString())
                .isEqualTo(unknownOrder.json().get("title").asString());
    }

    @Test
    void timelineNeedsTheMerchantKeyOrTheToken() {
        String orderId = TestOrderIds.next("tlauth");
        insertOrder(orderId, "PREPAY", "token-" + orderId, null, null);

        Response anonymous = http.get("/api/v1/orders/%s/events".formatted(orderId));
        // a wrong key is refused even with the right token: a presented key is never ignored
        Response wrongKeyRightToken = http.get(
                "/api/v1/orders/%s/events?token=token-%s".formatted(orderId, orderId),
                "Authorization",
                "Bearer not-the-key");
        Response unknown = http.get("/api/v1/orders/%s/events".formatted(TestOrderIds.next("none")), MERCHANT);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(wrongKeyRightToken.status()).isEqualTo(401);
        assertThat(wrongKeyRightToken.body()).doesNotContain("payment.order.issued");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theEdgesDatabaseSessionsAreReadOnly() {
        String orderId = TestOrderIds.next("ro");
        insertOrder(orderId, "PREPAY", "token-" + orderId, null, null);

        assertThatThrownBy(() -> edgeJdbc.sql("UPDATE orders SET status = 'COMPLETE' WHERE order_id = :id")
                        .param("id", orderId)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("read-only");
        assertThat(worker.sql("SELECT status FROM orders WHERE order_id = :id")
                        .param("id", orderId)
                        .query(String.class)
                        .single())
                .isEqualTo("PREPAY");
    }

    @Test
    void healthIsUpWithKafkaAndTheDatabaseAndMetricsAreExposed() {
        Response health = http.get("/actuator/health");
        Response prometheus = http.get("/actuator/prometheus", MERCHANT);

        assertThat(health.status()).isEqualTo(200);
        JsonNode body = health.json();
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(body.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("payments_edge_publish_failures_total");
    }

    /** The order read by the merchant, then by the buyer with the token {@link WorkerRows} gave the order. */
    private List<Response> merchantAndBuyerRead(String orderId) {
        return List.of(
                http.get("/api/v1/orders/" + orderId, MERCHANT),
                http.get("/api/v1/orders/%s?token=token-%s".formatted(orderId, orderId)));
    }

    private void insertOrder(String orderId, String status, String token, String paymentKey, String reason) {
        worker.sql("""
                        INSERT INTO orders (order_id, status, amount, currency, order_name, token_hash, payment_key,
                                            reason, expires_at, created_at, updated_at, version)
                        VALUES (:orderId, :status, 15000, 'KRW', 'Coffee beans 1kg', :tokenHash, :paymentKey,
                                :reason, :expiresAt, :createdAt, :updatedAt, 0)
                        """)
                .param("orderId", orderId)
                .param("status", status)
                .param("tokenHash", TokenHash.of(token))
                .param("paymentKey", paymentKey)
                .param("reason", reason)
                .param("expiresAt", Timestamp.from(CREATED.plus(30, ChronoUnit.MINUTES)))
                .param("createdAt", Timestamp.from(CREATED))
                .param("updatedAt", Timestamp.from(UPDATED))
                .update();
    }

    private void insertTimeline(
            long id,
            String orderId,
            String eventId,
            String type,
            String result,
            String reason,
            String status,
            Instant at) {
        worker.sql("""
                        INSERT INTO order_timeline (id, order_id, event_id, event_type, result, reason, status,
                                                    recorded_at)
                        VALUES (:id, :orderId, :eventId, :type, :result, :reason, :status, :at)
                        """)
                .param("id", id)
                .param("orderId", orderId)
                .param("eventId", eventId)
                .param("type", type)
                .param("result", result)
                .param("reason", reason)
                .param("status", status)
                .param("at", Timestamp.from(at))
                .update();
    }
}
