package dev.payments.edge.order;

import static dev.payments.edge.EdgeIntegrationTest.MERCHANT;
import static dev.payments.edge.EdgeIntegrationTest.MERCHANT_KEY;
import static dev.payments.edge.Problems.assertProblem;
import static dev.payments.edge.Problems.assertValidationProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import dev.payments.edge.WorkerRows;
import dev.payments.schemas.RefundId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/orders/{orderId}/refunds} over HTTP into a real broker, against orders and refunds seeded as the
 * worker records them: what an accepted request writes, and that every refusal (invalid, unauthenticated, unknown
 * order, or refused early as the worker would refuse it) writes nothing.
 */
@EdgeIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RefundRequestIT {

    static final Instant REQUESTED = Instant.parse("2026-11-23T11:00:00Z");

    /** The buyer's refund account: to be found in the refund request event and nowhere else. */
    static final String ACCOUNT_NUMBER = "110234567890";

    final WorkerRows worker = new WorkerRows();

    @Autowired
    EdgeHttp http;

    @Autowired
    OrderEvents events;

    @Test
    void requestsARefundAndPublishesItsEvent() {
        String orderId = completeOrder();

        Response response = refund(orderId, """
                {"refundId":"refund-1","amount":5000,"reason":"Out of stock"}""");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.header("Location")).contains("/api/v1/orders/%s/refunds/refund-1".formatted(orderId));
        assertThat(response.header("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode body = response.json();
        assertThat(body.propertyNames()).containsExactly("refundId", "orderId", "status", "amount", "reason");
        assertThat(body.get("refundId").asString()).isEqualTo("refund-1");
        assertThat(body.get("orderId").asString()).isEqualTo(orderId);
        assertThat(body.get("status").asString()).isEqualTo("REQUESTED");
        assertThat(body.get("amount").asLong()).isEqualTo(5000);
        assertThat(body.get("reason").asString()).isEqualTo("Out of stock");

        List<JsonNode> written = events.of(orderId);
        assertThat(written).hasSize(1);
        JsonNode event = written.getFirst();
        assertThat(event.get("type").asString()).isEqualTo("payment.refund.requested");
        assertThat(event.get("id").asString()).isEqualTo("refund:%s:refund-1".formatted(orderId));
        assertThat(event.get("source").asString()).isEqualTo("/api-edge");
        JsonNode data = event.get("data");
        assertThat(data.get("refundId").asString()).isEqualTo("refund-1");
        assertThat(data.get("amount").asLong()).isEqualTo(5000);
        assertThat(data.get("reason").asString()).isEqualTo("Out of stock");
    }

    @Test
    void withoutRefundIdOrAmountTheWholeBalanceIsRequestedUnderAGeneratedId() {
        String orderId = completeOrder();

        Response first = refund(orderId, "{\"reason\":\"Customer changed their mind\"}");
        Response second = refund(orderId, "{\"refundId\":null,\"amount\":null,\"reason\":\"Again\"}");

        assertThat(List.of(first, second)).extracting(Response::status).containsOnly(202);
        String refundId = first.json().get("refundId").asString();
        assertThat(refundId).matches(RefundId.REGEX).startsWith("refund_");
        assertThat(second.json().get("refundId").asString())
                .matches(RefundId.REGEX)
                .isNotEqualTo(refundId);
        assertThat(first.header("Location")).contains("/api/v1/orders/%s/refunds/%s".formatted(orderId, refundId));
        assertThat(first.json().get("amount").isNull())
                .as("the amount requested: none")
                .isTrue();

        List<JsonNode> written = events.of(orderId);
        assertThat(written).hasSize(2);
        JsonNode event = written.getFirst();
        assertThat(event.get("id").asString()).isEqualTo("refund:%s:%s".formatted(orderId, refundId));
        assertThat(event.get("data").path("amount").isMissingNode())
                .as("no amount: the whole balance")
                .isTrue();
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("refundId", "{\"refundId\":\"bad id!\",\"reason\":\"r\"}"),
                Arguments.of("refundId", "{\"refundId\":\"\",\"reason\":\"r\"}"),
                Arguments.of("refundId", "{\"refundId\":\"%s\",\"reason\":\"r\"}".formatted("r".repeat(65))),
                Arguments.of("amount", "{\"amount\":0,\"reason\":\"r\"}"),
                Arguments.of("amount", "{\"amount\":1000000001,\"reason\":\"r\"}"),
                Arguments.of("amount", "{\"amount\":1500.5,\"reason\":\"r\"}"),
                Arguments.of("amount", "{\"amount\":\"1500\",\"reason\":\"r\"}"),
                Arguments.of("reason", "{\"amount\":1500}"),
                Arguments.of("reason", "{\"reason\":\"\"}"),
                Arguments.of("reason", "{\"reason\":\"   \"}"),
                Arguments.of("reason", "{\"reason\":\"%s\"}".formatted("r".repeat(201))),
                Arguments.of("body", "{\"reason\":"),
                Arguments.of("orderId", "{\"reason\":\"r\"}"),
                Arguments.of("refundReceiveAccount", withAccount("\"88-123\"")),
                Arguments.of("refundReceiveAccount", withAccount("[]")),
                Arguments.of("refundReceiveAccount.bank", withAccount("", "\"123456789\"", "\"Kim\"")),
                Arguments.of("refundReceiveAccount.bank", withAccount("\"신한\"", "\"123456789\"", "\"Kim\"")),
                Arguments.of("refundReceiveAccount.accountNumber", withAccount("\"88\"", "\"12-3456\"", "\"Kim\"")),
                Arguments.of(
                        "refundReceiveAccount.accountNumber",
                        withAccount("\"88\"", "\"" + "1".repeat(21) + "\"", "\"Kim\"")),
                Arguments.of("refundReceiveAccount.accountNumber", withAccount("\"88\"", "", "\"Kim\"")),
                Arguments.of("refundReceiveAccount.accountNumber", withAccount("\"88\"", "123456789", "\"Kim\"")),
                Arguments.of("refundReceiveAccount.holderName", withAccount("\"88\"", "\"123456789\"", "\"  \"")),
                Arguments.of(
                        "refundReceiveAccount.holderName",
                        withAccount("\"88\"", "\"123456789\"", "\"" + "김".repeat(61) + "\"")));
    }

    /** A valid request whose refundReceiveAccount is {@code account}. */
    private static String withAccount(String account) {
        return "{\"reason\":\"r\",\"refundReceiveAccount\":" + account + "}";
    }

    /** A valid request with this refundReceiveAccount's fields; an empty value leaves its field out. */
    private static String withAccount(String bank, String accountNumber, String holderName) {
        List<String> fields = new ArrayList<>();
        if (!bank.isEmpty()) {
            fields.add("\"bank\":" + bank);
        }
        if (!accountNumber.isEmpty()) {
            fields.add("\"accountNumber\":" + accountNumber);
        }
        fields.add("\"holderName\":" + holderName);
        return withAccount("{" + String.join(",", fields) + "}");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidRequests")
    void refusesAnInvalidRequestNamingTheFieldAndWritesNothing(String field, String body) {
        // a refundable order: only the request itself can be refused
        String orderId = completeOrder();
        long before = events.written();

        Response response = refund(field.equals("orderId") ? "bad!id" : orderId, body);

        assertValidationProblem(response, field);
        events.assertNothingWrittenSince(before);
    }

    @Test
    void refusesWithoutTheMerchantKeyBeforeLookingAtTheBodyAndWritesNothing() {
        String orderId = completeOrder();
        String path = "/api/v1/orders/%s/refunds".formatted(orderId);
        String valid = "{\"refundId\":\"refund-1\",\"reason\":\"Out of stock\"}";
        long before = events.written();

        List<Response> refused = List.of(
                http.postJson(path, valid),
                http.postJson(path, valid, "Authorization", "Bearer wrong-key"),
                http.postJson(path, "{\"amount\":0}", "Authorization", "Bearer wrong-key"));

        for (Response response : refused) {
            assertProblem(response, 401);
            assertThat(response.header("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(response.body()).doesNotContain(MERCHANT_KEY).doesNotContain("wrong-key");
        }
        events.assertNothingWrittenSince(before);
    }

    @Test
    void anUnknownOrderIsNotFoundAndWritesNothing() {
        long before = events.written();

        Response response = refund(TestOrderIds.next("none"), "{\"reason\":\"Out of stock\"}");

        assertProblem(response, 404);
        events.assertNothingWrittenSince(before);
    }

    /**
     * What the edge can see the worker would refuse, on an order of 15,000 won whose seeding leaves it {@code balance}
     * to refund: each answered 409 with the worker's code, nothing written.
     */
    static Stream<Arguments> earlyRefusals() {
        BiConsumer<WorkerRows, String> balance6000 = (rows, orderId) -> {
            rows.order(orderId, "COMPLETE", 5000);
            rows.refund(orderId, "done", "SUCCEEDED", 5000, 5000L, "first", REQUESTED);
            rows.refund(orderId, "pending", "REQUESTED", 4000, 4000L, "second", REQUESTED);
            rows.refund(orderId, "refused", "FAILED", 9000, 9000L, "too much", REQUESTED);
        };
        BiConsumer<WorkerRows, String> recorded = (rows, orderId) -> {
            rows.order(orderId, "COMPLETE", 0);
            rows.refund(orderId, "refund-1", "REQUESTED", 5000, 5000L, "Out of stock", REQUESTED);
            rows.refund(orderId, "whole", "REQUESTED", 10000, null, "Out of stock", REQUESTED);
        };
        return Stream.of(
                Arguments.of("PREPAY order", status("PREPAY"), "{\"reason\":\"r\"}", "NOT_REFUNDABLE"),
                Arguments.of("FAIL order", status("FAIL"), "{\"amount\":100,\"reason\":\"r\"}", "NOT_REFUNDABLE"),
                Arguments.of(
                        "over the balance",
                        balance6000,
                        "{\"amount\":6001,\"reason\":\"r\"}",
                        "REFUND_EXCEEDS_BALANCE"),
                Arguments.of(
                        "nothing left",
                        (BiConsumer<WorkerRows, String>) (rows, orderId) -> rows.order(orderId, "COMPLETE", 15000),
                        "{\"reason\":\"r\"}",
                        "REFUND_EXCEEDS_BALANCE"),
                Arguments.of(
                        "recorded with another amount",
                        recorded,
                        "{\"refundId\":\"refund-1\",\"amount\":5001,\"reason\":\"Out of stock\"}",
                        "CONFLICTING_REFUND"),
                Arguments.of(
                        "recorded with another reason",
                        recorded,
                        "{\"refundId\":\"refund-1\",\"amount\":5000,\"reason\":\"Damaged\"}",
                        "CONFLICTING_REFUND"),
                Arguments.of(
                        "recorded without an amount",
                        recorded,
                        "{\"refundId\":\"refund-1\",\"reason\":\"Out of stock\"}",
                        "CONFLICTING_REFUND"),
                Arguments.of(
                        "recorded with none, named one now",
                        recorded,
                        "{\"refundId\":\"whole\",\"amount\":10000,\"reason\":\"Out of stock\"}",
                        "CONFLICTING_REFUND"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("earlyRefusals")
    void refusesEarlyWhatTheWorkerWouldRefuseAndWritesNothing(
            String label, BiConsumer<WorkerRows, String> seed, String body, String code) {
        String orderId = TestOrderIds.next("early");
        seed.accept(worker, orderId);
        long before = events.written();

        Response response = refund(orderId, body);

        assertProblem(response, 409);
        assertThat(response.json().get("code").asString()).isEqualTo(code);
        assertThat(response.json().get("detail").asString()).contains(orderId, "nothing was accepted");
        events.assertNothingWrittenSince(before);
    }

    @Test
    void theBalanceIsTheAmountMinusSucceededAndStillRequestedRefunds() {
        String orderId = TestOrderIds.next("balance");
        worker.order(orderId, "COMPLETE", 5000);
        worker.refund(orderId, "done", "SUCCEEDED", 5000, 5000L, "first", REQUESTED);
        worker.refund(orderId, "pending", "REQUESTED", 4000, null, "second", REQUESTED);
        worker.refund(orderId, "refused", "FAILED", 9000, 9000L, "too much", REQUESTED);

        Response response = refund(orderId, "{\"refundId\":\"rest\",\"amount\":6000,\"reason\":\"The rest\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(events.of(orderId))
                .singleElement()
                .satisfies(e -> assertThat(e.get("data").get("amount").asLong()).isEqualTo(6000));
    }

    @Test
    void aRetryOfARecordedRefundIsAnsweredAsTheFirstRequestAndWritesNothing() {
        String orderId = TestOrderIds.next("retry");
        // as the order is once the worker recorded both refunds below: 5,000 given back, 10,000 being given back
        worker.order(orderId, "COMPLETE", 5000);
        String request = "{\"refundId\":\"refund-1\",\"amount\":5000,\"reason\":\"Out of stock\"}";
        String whole = "{\"refundId\":\"whole\",\"reason\":\"Out of stock\"}";
        Response first = refund(orderId, request);
        Response firstWhole = refund(orderId, whole);
        // recorded as the worker records them: nothing is left, yet the retries are answered as the first requests
        worker.refund(orderId, "refund-1", "SUCCEEDED", 5000, 5000L, "Out of stock", REQUESTED);
        worker.refund(orderId, "whole", "REQUESTED", 10000, null, "Out of stock", REQUESTED);
        long before = events.written();

        Response retry = refund(orderId, request);
        Response retryWhole = refund(orderId, whole);

        assertThat(List.of(first, firstWhole, retry, retryWhole))
                .extracting(Response::status)
                .containsOnly(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retryWhole.body()).isEqualTo(firstWhole.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        events.assertNothingWrittenSince(before);
    }

    @Test
    void aVirtualAccountRefundWithoutTheBuyersAccountIsRefusedNamingItAndWritesNothing() {
        String orderId = TestOrderIds.next("vanoacct");
        worker.virtualAccountOrder(orderId, "COMPLETE", 0);
        long before = events.written();

        Response response = refund(orderId, "{\"refundId\":\"refund-1\",\"amount\":5000,\"reason\":\"Out of stock\"}");

        assertValidationProblem(response, "refundReceiveAccount");
        assertThat(response.json().get("errors").get(0).get("message").asString())
                .isEqualTo("is required to refund a virtual-account payment");
        events.assertNothingWrittenSince(before);
    }

    @Test
    void aVirtualAccountRefundCarriesTheBuyersAccountInItsEventOnlyAndARetryIsAnsweredAsTheFirst(
            CapturedOutput output) {
        String orderId = TestOrderIds.next("vaacct");
        worker.virtualAccountOrder(orderId, "COMPLETE", 0);
        String request = """
                {"refundId":"refund-1","amount":5000,"reason":"Out of stock",\
                "refundReceiveAccount":{"bank":"88","accountNumber":"%s","holderName":"김환불"}}""".formatted(ACCOUNT_NUMBER);

        Response response = refund(orderId, request);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().propertyNames())
                .containsExactly("refundId", "orderId", "status", "amount", "reason");
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            JsonNode account = event.get("data").get("refundReceiveAccount");
            assertThat(account.get("bank").asString()).isEqualTo("88");
            assertThat(account.get("accountNumber").asString()).isEqualTo(ACCOUNT_NUMBER);
            assertThat(account.get("holderName").asString()).isEqualTo("김환불");
        });

        // once the worker recorded the refund, a retry is answered as the first request, whatever account it names:
        // the worker keeps the first request's account in the refund's PG job and takes the retry for a repetition
        worker.refund(orderId, "refund-1", "REQUESTED", 5000, 5000L, "Out of stock", REQUESTED);
        long before = events.written();
        Response otherAccount = refund(orderId, request.replace(ACCOUNT_NUMBER, "99988877766"));
        Response noAccount = refund(orderId, "{\"refundId\":\"refund-1\",\"amount\":5000,\"reason\":\"Out of stock\"}");
        Response read = http.get("/api/v1/orders/%s/refunds/refund-1".formatted(orderId), MERCHANT);

        assertThat(List.of(otherAccount, noAccount)).extracting(Response::body).containsOnly(response.body());
        events.assertNothingWrittenSince(before);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(response.body() + read.body() + output.getAll())
                .as("the account is neither answered nor logged")
                .doesNotContain(ACCOUNT_NUMBER)
                .doesNotContain("99988877766")
                .doesNotContain("김환불");
    }

    @Test
    void anInvalidRefundAccountIsNeitherAnsweredNorLogged(CapturedOutput output) {
        String orderId = TestOrderIds.next("vabad");
        worker.virtualAccountOrder(orderId, "COMPLETE", 0);
        long before = events.written();

        Response response = refund(orderId, withAccount("\"88\"", "\"" + ACCOUNT_NUMBER + "-0\"", "\"김환불\""));

        assertValidationProblem(response, "refundReceiveAccount.accountNumber");
        assertThat(response.body() + output.getAll())
                .doesNotContain(ACCOUNT_NUMBER)
                .doesNotContain("김환불");
        events.assertNothingWrittenSince(before);
    }

    private String completeOrder() {
        String orderId = TestOrderIds.next("refund");
        worker.order(orderId, "COMPLETE", 0);
        return orderId;
    }

    private static BiConsumer<WorkerRows, String> status(String status) {
        return (rows, orderId) -> rows.order(orderId, status, 0);
    }

    private Response refund(String orderId, String body) {
        return http.postJson("/api/v1/orders/%s/refunds".formatted(orderId), body, MERCHANT);
    }
}
